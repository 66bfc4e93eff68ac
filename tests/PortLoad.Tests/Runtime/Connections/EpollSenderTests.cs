using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PortLoad.Connections;
using PortLoad.Scenarios;
using PortLoad.Server;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Connections;

/// <summary>
/// The epoll engine does what .NET's sockets do for the tcp-echo strategies, case by case on loopback, each case
/// run with both engines (the managed senders stay for what the engine leaves out: bound source addresses and ports,
/// other systems): an echo, the three ways to close, a refused connect, a server that never answers, a pool.
/// </summary>
public class EpollSenderTests(bool epoll) : BothEngines(epoll)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private IRequestSender PerRequest(ConnectionTarget target, CloseBy closeBy) =>
        Epoll ? new EpollSender(target, closeBy) : new PerRequestTcpSender(target, closeBy);

    private IRequestSender Pool(ConnectionTarget target, int size) =>
        Epoll ? new EpollSender(target, CloseBy.Client, size) : new PooledTcpSender(target, size);

    private static ConnectionTarget Target(IPEndPoint server, int payload = 32, TimeSpan? timeout = null) =>
        new(server, TargetProtocol.TcpEcho, new RequestOptions { PayloadBytes = payload, Timeout = timeout ?? Timeout }) { OwnPorts = new LocalPorts() };

    [Test]
    public async Task PerRequest_Echo_SucceedsWithAConnectionEach_AndRecordsItsPorts()
    {
        await using var server = EchoServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new TestServerOptions(false, 32, new SeededRandom(1)));
        var target = Target(server.EndPoint);
        await using var sender = PerRequest(target, CloseBy.Client);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => sender.SendAsync(CancellationToken.None).AsTask()));

        Assert.That(outcomes, Is.All.EqualTo(FailureKind.None));
        Assert.That(sender.ConnectionsOpened, Is.EqualTo(200));
        Assert.That(server.Accepted, Is.EqualTo(200));
        Assert.That(target.OwnPorts!.Count, Is.EqualTo(200), "each client-closed connection holds its port in TIME_WAIT, so 200 distinct ports");
    }

    [TestCase(CloseBy.Client, 0)]
    [TestCase(CloseBy.Server, 0)]
    [TestCase(CloseBy.Reset, 0)]
    [TestCase(CloseBy.Server, 16)]
    public async Task PerRequest_Close_IsTheStrategys(CloseBy closeBy, int payload)
    {
        // A server that echoes, waits 300 ms, then reads: 0 after the client's FIN, a reset after its RST, or its own close first.
        using var listener = Loopback.Listen();
        var seen = ServeOnceAsync(listener, payload, TimeSpan.FromMilliseconds(300));
        await using var sender = PerRequest(Target((IPEndPoint)listener.LocalEndPoint!, payload), closeBy);

        var clock = Stopwatch.StartNew();
        var outcome = await sender.SendAsync(CancellationToken.None);
        var took = clock.Elapsed;

        Assert.That(outcome, Is.EqualTo(FailureKind.None));
        Assert.That(await seen, Is.EqualTo(closeBy switch { CloseBy.Client => "fin", CloseBy.Reset => "reset", _ => "server closed first" }));
        Assert.That(took, closeBy == CloseBy.Server ? Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290)) : Is.LessThan(TimeSpan.FromMilliseconds(250)),
            "only a server-closes strategy waits for the server's FIN");
    }

    [Test]
    public async Task PerRequest_NoListener_IsECONNREFUSED()
    {
        await using var sender = PerRequest(Target(Loopback.UnusedEndPoint()), CloseBy.Client);

        Assert.That(await sender.SendAsync(CancellationToken.None), Is.EqualTo(FailureKind.ECONNREFUSED));
        Assert.That(sender.ConnectionsOpened, Is.Zero);
    }

    [TestCase(ConnectionMode.PerRequest)]
    [TestCase(ConnectionMode.Pooled)]
    public async Task Silent_Server_TimesOutAtTheRequestTimeout(ConnectionMode mode)
    {
        using var silent = Loopback.Listen();
        var target = Target((IPEndPoint)silent.LocalEndPoint!, timeout: TimeSpan.FromMilliseconds(400));
        await using var sender = mode == ConnectionMode.Pooled ? Pool(target, 1) : PerRequest(target, CloseBy.Client);
        await sender.StartAsync(CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var outcome = await sender.SendAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(FailureKind.ETIMEDOUT));
        Assert.That(clock.Elapsed, Is.InRange(TimeSpan.FromMilliseconds(390), TimeSpan.FromMilliseconds(1000)));
    }

    [Test]
    public async Task Pool_ManyRequestsAtOnce_ShareItsConnections()
    {
        await using var server = EchoServer.Start(new IPEndPoint(IPAddress.Loopback, 0), new TestServerOptions(false, 32, new SeededRandom(1)));
        await using var sender = Pool(Target(server.EndPoint), 4);
        await sender.StartAsync(CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            var kinds = new List<FailureKind>();
            for (var i = 0; i < 50; i++)
            {
                kinds.Add(await sender.SendAsync(CancellationToken.None));
            }

            return kinds;
        })));

        Assert.That(outcomes.SelectMany(k => k), Has.Exactly(64 * 50).EqualTo(FailureKind.None));
        Assert.That(sender.ConnectionsOpened, Is.EqualTo(4));
        Assert.That(server.Accepted, Is.EqualTo(4));
    }

    [Test]
    public async Task Pool_ConnectionTheServerDropped_FailsOnce_ThenReconnects()
    {
        using var listener = Loopback.Listen();
        await using var sender = Pool(Target((IPEndPoint)listener.LocalEndPoint!, 8), 1);
        await sender.StartAsync(CancellationToken.None);
        using (var first = await listener.AcceptAsync())
        {
            // Closed before any request: the pool does not know yet.
        }

        var echo = ServeOnceAsync(listener, 8, TimeSpan.Zero);
        var broken = await sender.SendAsync(CancellationToken.None);
        var again = await sender.SendAsync(CancellationToken.None);

        Assert.That(broken, Is.EqualTo(FailureKind.ECONNRESET));
        Assert.That(again, Is.EqualTo(FailureKind.None));
        Assert.That(sender.ConnectionsOpened, Is.EqualTo(2));
        await echo;
    }

    /// <summary>Accepts one connection, echoes <paramref name="payload"/> bytes, waits, then says how the client left.</summary>
    private static async Task<string> ServeOnceAsync(Socket listener, int payload, TimeSpan wait)
    {
        using var connection = await listener.AcceptAsync();
        var buffer = new byte[Math.Max(payload, 64)];
        for (var got = 0; got < payload;)
        {
            got += await connection.ReceiveAsync(buffer.AsMemory(got, payload - got));
        }

        if (payload > 0)
        {
            await connection.SendAsync(buffer.AsMemory(0, payload));
        }

        await Task.Delay(wait);
        if (connection.Poll(0, SelectMode.SelectRead) is false)
        {
            // Nothing from the client yet: it waits for this side to close first.
            connection.Shutdown(SocketShutdown.Send);
            await Task.Delay(100);
            return "server closed first";
        }

        try
        {
            return await connection.ReceiveAsync(buffer) == 0 ? "fin" : "data";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return "reset";
        }
    }
}
