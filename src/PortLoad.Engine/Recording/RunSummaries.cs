using PortLoad.HostInfo;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>Sums up a run, measured or simulated, the same way: the scenario, the strategies' results and the findings they lead to.</summary>
public static class RunSummaries
{
    /// <param name="mode">Real sockets or the model.</param>
    /// <param name="target">How the summary names the target.</param>
    /// <param name="loopbackTarget">Whether the target was (or is modelled as) on loopback, where tcp_tw_reuse = 2 applies.</param>
    public static RunSummary Create(
        Scenario scenario,
        RunMode mode,
        string target,
        bool loopbackTarget,
        HostFacts host,
        IReadOnlyList<StrategyResult> results,
        DateTimeOffset startedAt,
        TimeSpan interval,
        bool completed = true,
        string? error = null) => new()
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            Mode = mode,
            Completed = completed,
            StartedAt = startedAt,
            Target = target,
            Protocol = scenario.Target.Protocol,
            Host = host,
            Strategies = results,
            Findings = [.. Findings.For(results, loopbackTarget, scenario.Network.Nat), .. Recommendations.For(results, scenario.Target.Protocol)],
            Thresholds = ThresholdChecks.Evaluate(scenario.Thresholds, results),
            Error = error,
            SamplingIntervalSeconds = interval.TotalSeconds,
        };
}
