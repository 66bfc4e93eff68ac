using PortLoad.Scenarios;

namespace PortLoad.Runs;

/// <summary>How many file descriptors a scenario can hold at once, to warn before a run meets the open-file limit.</summary>
public static class DescriptorBudget
{
    /// <summary>The runtime's own descriptors (epoll, pipes, assemblies, the sampler's netlink socket) and some room.</summary>
    public const int Overhead = 128;

    /// <summary>
    /// The most connections any strategy holds at once (a pool's size; closed-model copies; in an open model the
    /// peak rate times the longest request, capped by <paramref name="maxInFlight"/>), doubled when the embedded
    /// server's side lives in the same process, plus <see cref="Overhead"/>.
    /// </summary>
    public static long Needed(Scenario scenario, int maxInFlight)
    {
        var most = scenario.Strategies.Max(s => Connections(scenario, s, maxInFlight));
        return (most * (scenario.Target.Embedded ? 2 : 1)) + Overhead;
    }

    /// <summary>A warning when <paramref name="limit"/> is below what the scenario can need; null when it is not.</summary>
    public static string? Warning(Scenario scenario, int maxInFlight, long? limit)
    {
        var needed = Needed(scenario, maxInFlight);
        return limit is { } l && needed > l
            ? Invariant.Format($"this scenario can hold about {needed:N0} file descriptors at once (connections{(scenario.Target.Embedded ? ", both ends: the embedded server runs in this process" : "")}, plus {Overhead} for the runtime), above the open-file limit of {l:N0} (ulimit -n); requests beyond it fail as EMFILE. Raise the hard limit (ulimit -Hn) or lower the load.")
            : null;
    }

    private static long Connections(Scenario scenario, StrategyOptions strategy, int maxInFlight)
    {
        if (strategy.Pooled)
        {
            return strategy.PoolSizeOrDefault;
        }

        var longest = scenario.LongestRequest(strategy).TotalSeconds;
        return scenario.Load.Max(phase => phase switch
        {
            KeepConstantPhase keep => keep.Copies,
            HoldPhase hold => hold.Connections,
            InjectPhase inject => (long)Math.Min(maxInFlight, Math.Ceiling(inject.Rate * longest)),
            RampInjectPhase ramp => (long)Math.Min(maxInFlight, Math.Ceiling(Math.Max(ramp.From, ramp.To) * longest)),
            _ => 0,
        });
    }
}
