using PortLoad.HostInfo;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>
/// Sums up a run, measured or simulated, the same way: the scenario, the strategies' results with the analysis by hand
/// (worked out here, once, on the settings each strategy had in force), and the findings they lead to.
/// </summary>
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
        string? error = null)
    {
        IReadOnlyList<StrategyResult> analysed = [.. results.Select(r => r with { Analysis = Analysis(scenario, mode, r) })];
        return new()
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            Mode = mode,
            Completed = completed,
            StartedAt = startedAt,
            Target = target,
            Protocol = scenario.Target.Protocol,
            Host = host,
            Strategies = analysed,
            Findings = [.. Findings.For(analysed, loopbackTarget, scenario.Network.Nat), .. Recommendations.For(analysed, scenario.Target.Protocol)],
            Thresholds = ThresholdChecks.Evaluate(scenario.Thresholds, analysed),
            Error = error,
            SamplingIntervalSeconds = interval.TotalSeconds,
        };
    }

    /// <summary>
    /// The analysis by hand of one strategy, on the settings it had in force: what was read where it ran (measured) or
    /// what the model has (simulated); instances behind a router count as their loads together, as the model runs them.
    /// </summary>
    private static Analysis? Analysis(Scenario scenario, RunMode mode, StrategyResult result) =>
        scenario.Strategies.FirstOrDefault(s => s.Name == result.Name) is { } strategy
            ? StrategyAnalysis.For(strategy, SimulatedHost.For(scenario, mode == RunMode.Measured ? result.Host : null, strategy), Segment.Copies(scenario, scenario.Network.Instances).Load)
            : null;
}
