using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PortLoad.Connections;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Connections;

/// <summary>
/// Every real sender honours the token a resilience pipeline's per-attempt timeout passes, well before
/// its own request timeout: a loopback listener that accepts connections and never answers.
/// </summary>
public class AttemptCancellationTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    [TestCase(TargetProtocol.TcpEcho, ConnectionMode.PerRequest)]
    [TestCase(TargetProtocol.TcpEcho, ConnectionMode.Pooled)]
    [TestCase(TargetProtocol.Http, ConnectionMode.PerRequest)]
    [TestCase(TargetProtocol.Http, ConnectionMode.Pooled)]
    public async Task SendAsync_AttemptTokenFires_EndsAsETIMEDOUT_BeforeTheRequestTimeout(TargetProtocol protocol, ConnectionMode mode)
    {
        using var silent = Loopback.Listen();
        var target = new ConnectionTarget((IPEndPoint)silent.LocalEndPoint!, protocol, new RequestOptions { Timeout = RequestTimeout });
        await using var sender = RequestSenders.Create(new StrategyOptions { Name = "s", Connections = mode, PoolSize = 1 }, target);
        await sender.StartAsync(CancellationToken.None);
        using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var clock = Stopwatch.StartNew();
        var outcome = await sender.SendAsync(attempt.Token);

        Assert.That(outcome, Is.EqualTo(FailureKind.ETIMEDOUT));
        Assert.That(clock.Elapsed, Is.LessThan(RequestTimeout / 2), "the attempt's token, not the request timeout, ended it");
    }
}
