using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Recording;

public class FindingsTests
{
    private static readonly StrategyResult Sample = SampleRuns.Create().Summary.Strategies[0];

    [Test]
    public void For_Exhausted_SaysWhenAndHowFullTheRangeWas()
    {
        var findings = Findings.For([Sample], loopbackTarget: true);

        Assert.That(findings[0], Is.EqualTo("per-request: 12 requests failed with EADDRNOTAVAIL (out of source ports), the first after 1.25 s; TIME_WAIT peaked at 87 of the 100-port range."));
    }

    [TestCase(20.0, "so it sustains about 1.67 new connections/s against 20 offered.")]
    [TestCase(null, "so it sustains about 1.67 new connections/s (the loops sent as fast as they could).")]
    public void For_Exhausted_SaysWhatTheLimitSustains_AgainstTheOfferedRateWhereThereIsOne(double? offered, string ending)
    {
        var analysed = Sample with { Analysis = new Analysis(100, 60, 100 / 60.0, offered, 1.25, 100, 12, new PortLimit(LimitKind.EphemeralPorts)) };

        Assert.That(Findings.For([analysed], loopbackTarget: true), Has.Some.EndsWith(ending));
    }

    [Test]
    public void For_TwoSourceAddresses_NamesThePortSpace()
    {
        var findings = Findings.For([Sample with { SourceAddresses = 2, PortSpace = 200 }], loopbackTarget: true);

        Assert.That(findings[0], Does.EndWith("of the 200-port space (2 source addresses x 100 ports)."));
    }

    [Test]
    public void For_OtherFailuresOnly_ListsThemWithTheFirstKind()
    {
        var refused = Sample with
        {
            Failures = FailureKinds.All.ToDictionary(k => k, k => k == FailureKind.ECONNREFUSED ? 3L : 0L),
            FirstFailureKind = FailureKind.ECONNREFUSED,
            Resilience = null,
        };

        Assert.That(Findings.For([refused], loopbackTarget: true), Is.EqualTo(new[] { "per-request: 3 ECONNREFUSED failed requests, the first (ECONNREFUSED) after 1.25 s." }));
    }

    [TestCase(true, 1)]
    [TestCase(false, 0)]
    public void For_TimeWaitWithoutFailuresOnLoopback_ExplainsTcpTwReuse(bool loopback, int expected)
    {
        var clean = NoFailures(Sample) with { Host = Sample.Host with { TcpTwReuse = 2 } };

        var findings = Findings.For([clean], loopback);

        Assert.That(findings.Count(f => f.Contains("tcp_tw_reuse = 2 lets loopback connections take over a TIME_WAIT port", StringComparison.Ordinal)), Is.EqualTo(expected));
    }

    [Test]
    public void For_ServerClosesFirst_SaysNothingOfTcpTwReuse()
    {
        var serverCloses = NoFailures(Sample) with { CloseBy = CloseBy.Server, Host = Sample.Host with { TcpTwReuse = 2 } };

        Assert.That(Findings.For([serverCloses], loopbackTarget: true), Is.Empty);
    }

    [Test]
    public void For_PoolWithoutFailures_CountsRequestsOverConnections()
    {
        var pooled = NoFailures(Sample) with { Connections = ConnectionMode.Pooled, CloseBy = null, PoolSize = 8, ConnectionsOpened = 8 };

        Assert.That(Findings.For([pooled], loopbackTarget: true), Is.EqualTo(new[] { "per-request: 100 requests over 8 connections with no failures." }));
    }

    [Test]
    public void For_RetriesThatRescuedNothing_SayARetryCannotBringBackAPort()
    {
        var findings = Findings.For([Sample with { Resilience = Sample.Resilience! with { SucceededAfterRetry = 0 } }], loopbackTarget: false);

        Assert.That(findings, Has.Some.StartsWith("per-request: 100 requests took 130 attempts (30 retries"));
        Assert.That(findings, Has.Some.Contains("a retry cannot bring back a port"));
    }

    private static StrategyResult NoFailures(StrategyResult r) => r with
    {
        Requests = new RequestCounts(100, 100, 0),
        Failures = FailureKinds.All.ToDictionary(k => k, _ => 0L),
        FirstFailureSeconds = null,
        FirstFailureKind = null,
        Resilience = null,
    };
}
