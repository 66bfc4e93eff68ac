using PortLoad.HostInfo;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>
/// The client host the simulator models, resolved from the scenario: the simulation block first,
/// then the scenario's isolated-network settings, then the OS's defaults.
/// </summary>
public sealed record SimulatedHost(SimulationOptions Options, PortRange Range, int TimeWaitSeconds, int TcpTwReuse, bool LoopbackTarget, int SourceAddresses)
{
    /// <param name="measured">The settings a measured run had in force, to predict that run; null for a what-if.</param>
    /// <param name="strategy">A strategy whose own tcpTwReuse overrides the scenario's.</param>
    public static SimulatedHost For(Scenario scenario, HostFacts? measured = null, StrategyOptions? strategy = null)
    {
        var options = scenario.Simulation ?? new SimulationOptions();
        var os = options.Os;
        var range = options.EphemeralPortRange ?? measured?.EphemeralPortRange ?? scenario.Network.EphemeralPortRange ?? os.Range;
        // Only Linux has tcp_tw_reuse; its default is 2 (loopback only).
        var reuse = options.TcpTwReuse ?? measured?.TcpTwReuse ?? strategy?.TcpTwReuse ?? scenario.Network.TcpTwReuse ?? (os == OsDefaults.Linux ? 2 : 0);
        var loopback = options.RemoteTarget is { } remote ? !remote : scenario.Target.IsLoopback;
        return new SimulatedHost(options, range, options.TimeWaitSeconds ?? os.TimeWaitSeconds, reuse, loopback, Math.Max(1, scenario.SourceAddresses.Count));
    }

    /// <summary>Whether a TIME_WAIT port to this target can be taken over after the 1 s delay.</summary>
    public bool ReuseApplies => TcpTwReuse == 1 || (TcpTwReuse == 2 && LoopbackTarget);

    public HostFacts Facts => new()
    {
        Os = Options.Os.Os,
        Kernel = "model",
        EphemeralPortRange = Range,
        TcpTwReuse = Options.Os == OsDefaults.Linux ? TcpTwReuse : null,
        TimeWaitSeconds = TimeWaitSeconds,
        Namespace = "simulated",
        ProcessorCount = 0,
    };
}
