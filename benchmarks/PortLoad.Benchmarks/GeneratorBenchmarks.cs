using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using PortLoad.Connections;
using PortLoad.Scenarios;

namespace PortLoad.Benchmarks;

/// <summary>
/// A pooled 16-byte echo through each engine (epoll, .NET's sockets), per request, against an echo server of
/// blocking threads, which allocates nothing, so what is allocated is the sender's (#25: target 0 B per pooled
/// request on the epoll engine). The rates against the C client are the scripts' (side by side, in namespaces);
/// this and <see cref="BookkeepingBenchmarks"/> are the parts.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Requests = 10_000;
    private const int Loops = 8;
    private Socket _listener = null!;
    private IRequestSender _sender = null!;

    [Params("epoll", "managed")]
    public string Engine { get; set; } = "epoll";

    [GlobalSetup]
    public void Setup()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(Loops);
        new Thread(Accept) { IsBackground = true }.Start();
        var target = new ConnectionTarget((IPEndPoint)_listener.LocalEndPoint!, TargetProtocol.TcpEcho, new RequestOptions { PayloadBytes = 16, Timeout = TimeSpan.FromSeconds(5) });
        _sender = Engine == "epoll" ? new EpollSender(target, CloseBy.Client, Loops) : new PooledTcpSender(target, Loops);
        _sender.StartAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _listener.Dispose();
    }

    /// <summary>A pooled request, <see cref="Loops"/> loops at once as a closed model runs them.</summary>
    [Benchmark(OperationsPerInvoke = Requests)]
    public Task PooledEcho() => Task.WhenAll(Enumerable.Range(0, Loops).Select(_ => Task.Run(LoopAsync)));

    private async Task LoopAsync()
    {
        for (var i = 0; i < Requests / Loops; i++)
        {
            if (await _sender.SendAsync(CancellationToken.None).ConfigureAwait(false) != FailureKind.None)
            {
                throw new InvalidOperationException("a pooled echo failed");
            }
        }
    }

    private void Accept()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (SocketException)
            {
                return;
            }

            new Thread(() => Echo(connection)) { IsBackground = true }.Start();
        }
    }

    private static void Echo(Socket connection)
    {
        Span<byte> buffer = stackalloc byte[256];
        using (connection)
        {
            try
            {
                for (int n; (n = connection.Receive(buffer)) > 0;)
                {
                    connection.Send(buffer[..n]);
                }
            }
            catch (SocketException)
            {
                // The pool closed.
            }
        }
    }
}
