using System.Net;
using System.Net.Sockets;

namespace PortLoad.Server;

/// <summary>
/// A TCP echo server: writes back whatever it reads. When it closes first, it answers one
/// request of <see cref="TestServerOptions.RequestBytes"/> and closes; otherwise it echoes until the
/// client's FIN. Accept loops run on every core, so the server keeps up with the generator.
/// </summary>
public sealed class EchoServer : ITestServer
{
    /// <summary>The listen backlog asked for; the kernel caps it at net.core.somaxconn (per namespace).</summary>
    public const int Backlog = 65535;
    private readonly Socket _listener;
    private readonly TestServerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _acceptLoops;

    private EchoServer(Socket listener, TestServerOptions options)
    {
        _listener = listener;
        _options = options;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoops = Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount)).Select(_ => AcceptLoopAsync()).ToArray();
    }

    public IPEndPoint EndPoint { get; }

    public long Accepted => Census.Accepted;

    public ConnectionCensus Census { get; } = new();

    private const int SoLevelSocket = 1;
    private const int SoReuseAddr = 2;
    private const int SoReusePort = 15;

    public static EchoServer Start(IPEndPoint bindTo, TestServerOptions options)
    {
        var listener = new Socket(bindTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // SO_REUSEADDR alone, so a restarted server binds despite TIME_WAIT. Not .NET's ReuseAddress,
                // which on Linux also sets SO_REUSEPORT and lets a second server share (and split) the port.
                listener.SetRawSocketOption(SoLevelSocket, SoReuseAddr, BitConverter.GetBytes(1));
                if (options.SharedPort)
                {
                    listener.SetRawSocketOption(SoLevelSocket, SoReusePort, BitConverter.GetBytes(1));
                }
            }

            listener.Bind(bindTo);
            listener.Listen(Backlog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new EchoServer(listener, options);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                // An accepted connection is a descriptor too: wait for one rather than take the runtime's.
                await DescriptorGate.TakeAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                connection = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                DescriptorGate.Return();
                return;
            }
            catch (SocketException)
            {
                // EMFILE and friends: keep serving the connections that can be accepted, without spinning.
                DescriptorGate.Return();
                await Task.Delay(TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
                continue;
            }

            Census.OnAccepted(connection.RemoteEndPoint);
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        var buffer = new byte[Math.Max(256, Math.Min(_options.RequestBytes, 64 * 1024))];
        try
        {
            connection.NoDelay = true;
            if (_options.ClosesFirst)
            {
                await EchoOneRequestAsync(connection, buffer).ConfigureAwait(false);
                return;
            }

            int n;
            var leftOfRequest = 0;
            while ((n = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false)) > 0)
            {
                // A new request begins: think before answering it.
                if (leftOfRequest <= 0)
                {
                    await _options.ThinkAsync(_stop.Token).ConfigureAwait(false);
                    leftOfRequest = Math.Max(1, _options.RequestBytes);
                }

                leftOfRequest -= n;
                await connection.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client reset or the server is stopping: nothing to answer.
        }
        finally
        {
            connection.Dispose();
            Census.OnClosed();
            DescriptorGate.Return();
        }
    }

    private async Task EchoOneRequestAsync(Socket connection, byte[] buffer)
    {
        await _options.ThinkAsync(_stop.Token).ConfigureAwait(false);
        var remaining = _options.RequestBytes;
        while (remaining > 0)
        {
            var n = await connection.ReceiveAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            await connection.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            remaining -= n;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
