using System.Net;
using System.Net.Sockets;
using System.Text;
using PortLoad.Connections;
using PortLoad.Scenarios;
using PortLoad.Server;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Connections;

/// <summary>
/// The epoll engine's HTTP/1.1 against what HttpClient does for the same strategy, each case with both: the embedded
/// server's echo, a pool that opens connections only as requests need them, a server that closes after every
/// response, and the request a server-closes strategy sends.
/// </summary>
public class EpollHttpTests(bool epoll) : BothEngines(epoll)
{
    private IRequestSender Pool(ConnectionTarget target, int size) =>
        Epoll ? new EpollSender(target, CloseBy.Client, size) : new PooledHttpSender(target, size);

    private IRequestSender PerRequest(ConnectionTarget target, CloseBy closeBy) =>
        Epoll ? new EpollSender(target, closeBy) : new PerRequestHttpSender(target, closeBy);

    [Test]
    public async Task Pool_EmbeddedEcho_OneLoopUsesOneConnection()
    {
        await using var server = await TestServers.StartAsync(TargetProtocol.Http, new IPEndPoint(IPAddress.Loopback, 0), new TestServerOptions(false, 64, new SeededRandom(1)));
        var target = new ConnectionTarget(server.EndPoint, TargetProtocol.Http, new RequestOptions { PayloadBytes = 64, Timeout = TimeSpan.FromSeconds(5) }) { Embedded = true };
        await using var sender = Pool(target, 8);
        await sender.StartAsync(CancellationToken.None);

        var outcomes = new List<FailureKind>();
        for (var i = 0; i < 20; i++)
        {
            outcomes.Add(await sender.SendAsync(CancellationToken.None));
        }

        Assert.That(outcomes, Is.All.EqualTo(FailureKind.None), "the echo came back whole");
        Assert.That(sender.ConnectionsOpened, Is.EqualTo(1), "a pool opens a connection only when a request finds none free");
    }

    [Test]
    public async Task Pool_ServerClosesAfterEachResponse_ReconnectsForTheNext()
    {
        using var listener = Loopback.Listen();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var connection = await listener.AcceptAsync();
                await ReadRequestAsync(connection);
                await connection.SendAsync("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
            }
        });
        await using var sender = Pool(Target(listener), 4);
        await sender.StartAsync(CancellationToken.None);

        var outcomes = new List<FailureKind>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await sender.SendAsync(CancellationToken.None));
        }

        Assert.That(outcomes, Is.All.EqualTo(FailureKind.None));
        Assert.That(sender.ConnectionsOpened, Is.EqualTo(3), "Connection: close ends a pooled connection");
        await serving;
    }

    [TestCase(CloseBy.Server, true)]
    [TestCase(CloseBy.Client, false)]
    public async Task PerRequest_AsksTheServerToClose_OnlyWhenItIsToCloseFirst(CloseBy closeBy, bool asked)
    {
        using var listener = Loopback.Listen();
        var serving = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            var request = await ReadRequestAsync(connection);
            await connection.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            connection.Shutdown(SocketShutdown.Send);
            return request;
        });
        await using var sender = PerRequest(Target(listener), closeBy);

        var outcome = await sender.SendAsync(CancellationToken.None);
        var request = await serving;

        Assert.That(outcome, Is.EqualTo(FailureKind.None));
        Assert.That(request, Does.StartWith("GET /probe HTTP/1.1\r\n"));
        Assert.That(request, Does.Contain($"Host: {listener.LocalEndPoint}\r\n"));
        Assert.That(request.Contains("Connection: close", StringComparison.OrdinalIgnoreCase), Is.EqualTo(asked));
    }

    private static ConnectionTarget Target(Socket listener) =>
        new((IPEndPoint)listener.LocalEndPoint!, TargetProtocol.Http, new RequestOptions { Timeout = TimeSpan.FromSeconds(5) }, "/probe");

    /// <summary>Reads a request's head (these requests have no body).</summary>
    private static async Task<string> ReadRequestAsync(Socket connection)
    {
        var text = new StringBuilder();
        var buffer = new byte[1024];
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await connection.ReceiveAsync(buffer);
            if (n == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }
}
