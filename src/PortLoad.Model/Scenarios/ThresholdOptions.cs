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

    /// <summary>Whether <paramref name="value"/> is within the bounds; a figure with no value passes.</summary>
    public bool Passes(double? value) => value is not { } v || (!(v > Max) && !(v < Min));
}

/// <summary>The figures a threshold can name: every number in a strategy's summary.json entry, by its path, the ratios that make them comparable, and a plan's answers.</summary>
public static class ThresholdMetrics
{
    /// <summary>TIME_WAIT peak over the port space (range x source addresses): how close the strategy came to running out.</summary>
    public const string TimeWaitPeakRatio = "timeWait.peakRatio";

    /// <summary><c>portload plan</c>'s largest fleet that never fails at the scenario's rate; a run has no value for it (passes).</summary>
    public const string PlanMaxInstances = "plan.maxInstances";

    /// <summary><c>portload plan</c>'s highest rate per instance that never fails with the scenario's fleet.</summary>
    public const string PlanMaxRatePerInstance = "plan.maxRatePerInstance";

    /// <summary>The figures only <c>portload plan</c> judges.</summary>
    public static readonly IReadOnlyList<string> Plan = [PlanMaxInstances, PlanMaxRatePerInstance];

    /// <summary>The figures of a strategy's summary.json entry, which runs and simulations judge.</summary>
    public static readonly IReadOnlyList<string> Summary =
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

    /// <summary>Every figure a threshold may name: a run's and a plan's.</summary>
    public static readonly IReadOnlyList<string> Names = [.. Summary, .. Plan];
}
