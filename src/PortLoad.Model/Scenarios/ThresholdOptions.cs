namespace PortLoad.Scenarios;

/// <summary>
/// A pass/fail bound on one figure of summary.json, for CI: <c>{ "strategy": "pooled", "metric": "failures.EADDRNOTAVAIL", "max": 0 }</c>.
/// A violated threshold makes the run exit 3. A figure with no value (no failure yet, no latency) passes.
/// </summary>
/// <param name="Strategy">A strategy's name, or "*" for every strategy.</param>
/// <param name="Metric">A figure's path in a strategy's summary.json entry (<see cref="ThresholdMetrics.Names"/>).</param>
public sealed record ThresholdOptions(string Strategy, string Metric, double? Max, double? Min)
{
    public const string EveryStrategy = "*";
}

/// <summary>The figures a threshold can name: every number in a strategy's summary.json entry, by its path, and the ratios that make them comparable.</summary>
public static class ThresholdMetrics
{
    /// <summary>TIME_WAIT peak over the port space (range x source addresses): how close the strategy came to running out.</summary>
    public const string TimeWaitPeakRatio = "timeWait.peakRatio";

    public static readonly IReadOnlyList<string> Names =
    [
        "durationSeconds", "portSpace", "sourceAddresses", "connectionsOpened", "establishedPeak", "firstFailureSeconds",
        "requests.attempted", "requests.succeeded", "requests.failed",
        .. FailureKinds.All.Select(k => $"failures.{Scenarios.Names.Failures[k]}"),
        "timeWait.peak", "timeWait.final", TimeWaitPeakRatio,
        "throughput.offeredPerSecond", "throughput.achievedPerSecond",
        "latencyMs.p50", "latencyMs.p90", "latencyMs.p99", "latencyMs.max",
        "resilience.attempts", "resilience.retries", "resilience.succeededAfterRetry", "resilience.retriesExhausted",
        "resilience.backoffSeconds", "resilience.breakerOpenings", "resilience.shortCircuited",
    ];
}
