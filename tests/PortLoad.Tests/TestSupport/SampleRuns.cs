using PortLoad.HostInfo;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Tests.TestSupport;

/// <summary>A small hand-made run, for exporter tests.</summary>
public static class SampleRuns
{
    public static ScenarioRun Create()
    {
        // Every kind listed, as a run lists them; 12 EADDRNOTAVAIL and 1 ECONNREFUSED.
        var failures = FailureKinds.All.ToDictionary(k => k, k => k switch { FailureKind.EADDRNOTAVAIL => 12L, FailureKind.ECONNREFUSED => 1L, _ => 0L });
        var host = new HostFacts { Os = "linux", Kernel = "6.1", EphemeralPortRange = new PortRange(40000, 40099), TcpTwReuse = 0, TimeWaitSeconds = 60 };
        var strategy = new StrategyResult
        {
            Host = host with { Namespace = NamespaceKind.Isolated },
            PortSpace = 100,
            Name = "per-request",
            Connections = ConnectionMode.PerRequest,
            CloseBy = CloseBy.Client,
            Completed = true,
            DurationSeconds = 2.5,
            Requests = new RequestCounts(100, 87, 13),
            Failures = failures,
            FirstFailureSeconds = 1.25,
            FirstFailureKind = FailureKind.EADDRNOTAVAIL,
            ConnectionsOpened = 87,
            TimeWait = new TimeWaitFigures(87, 80, 5),
            EstablishedPeak = 2,
            Throughput = new ThroughputFigures(40, 34.8),
            LatencyMs = new LatencyFigures(0.125, 1.5, 2.75, 10.5),
            Resilience = new ResilienceFigures(Attempts: 130, Retries: 30, SucceededAfterRetry: 5, RetriesExhausted: 8, BackoffSeconds: 3.25, BreakerOpenings: 0, ShortCircuited: 0),
        };
        var summary = new RunSummary
        {
            Scenario = "sample",
            Completed = true,
            StartedAt = new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.Zero),
            Target = "embedded",
            Protocol = TargetProtocol.TcpEcho,
            Host = host,
            Strategies = [strategy],
        };
        var row = new TimeSeriesRow
        {
            Strategy = "per-request",
            T = 1.25,
            Offered = 50,
            Attempted = 50,
            Succeeded = 44,
            Failed = 6,
            Failures = failures,
            TimeWait = 44,
            Established = 1,
            TimeWaitAllDestinations = 45,
            TimeWaitOthers = 2,
            P50Ms = 0.125,
            P90Ms = 1.5,
            Retries = 7,
            P99Ms = 2.75,
        };
        return new ScenarioRun(summary, [row]);
    }
}
