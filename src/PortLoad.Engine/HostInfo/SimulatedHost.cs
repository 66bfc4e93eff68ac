using PortLoad.Scenarios;

namespace PortLoad.HostInfo;

/// <summary>
/// The client host the simulator models: the simulation block first, then the settings in force (a
/// measured run's, or the scenario's on the modelled OS), then the OS's defaults.
/// </summary>
public sealed record SimulatedHost(SimulationOptions Options, SettingsInForce InForce, int TimeWaitSeconds, bool LoopbackTarget)
{
    /// <summary>tcp_tw_reuse_delay: a TIME_WAIT port can be taken over this long after its last timestamp.</summary>
    public const double ReuseDelaySeconds = 1.0;

    /// <param name="measured">The settings a measured run had in force, to predict that run; null for a what-if.</param>
    /// <param name="strategy">A strategy whose own tcpTwReuse overrides the scenario's.</param>
    public static SimulatedHost For(Scenario scenario, HostFacts? measured = null, StrategyOptions? strategy = null)
    {
        var options = scenario.Simulation ?? new SimulationOptions();
        if (options.Nat is null && scenario.Network.Nat is { } router)
        {
            // The scenario's own router: a Linux NAT, modelled as measured.
            options = options with { Nat = NatOptions.For(router) };
        }

        var sources = Math.Max(1, scenario.SourceAddresses.Count) * scenario.Network.Instances;
        var inForce = measured is not null ? SettingsInForce.Read(measured, sources) : SettingsInForce.For(scenario, strategy, Modelled(options));
        inForce = inForce with
        {
            Range = strategy?.SourcePorts ?? options.EphemeralPortRange ?? inForce.Range,
            // Linux's connect() picks a port per destination; Windows (without SO_REUSE_UNICASTPORT) and macOS hold one
            // space for every destination, as bind() does everywhere.
            Destinations = options.Os == OsDefaults.Linux ? SettingsInForce.DestinationsFor(scenario, strategy) : 1,
            // Only Linux has tcp_tw_reuse; elsewhere a TIME_WAIT port is never taken over early.
            TcpTwReuse = options.TcpTwReuse ?? inForce.TcpTwReuse ?? 0,
            Namespace = NamespaceKind.Simulated,
        };
        // Behind a router the server is another host's address: tcp_tw_reuse = 2 does not apply.
        var loopback = options.RemoteTarget is { } remote ? !remote : scenario.Target.IsLoopback && !scenario.Network.Routed;
        return new SimulatedHost(options, inForce, options.TimeWaitSeconds ?? options.Os.TimeWaitSeconds, loopback)
        {
            Instances = scenario.Network.Instances,
            CpuPerInstance = measured is null,
            Syns = measured is null ? SynSchedule.Modern : SynSchedule.Of(measured.TcpSynLinearTimeouts, measured.Kernel),
        };
    }

    /// <summary>When the client sends a dropped SYN again: a measured host's own schedule, else Linux's since 6.5.</summary>
    public SynSchedule Syns { get; init; } = SynSchedule.Modern;

    /// <summary>
    /// Whether each instance connects on a CPU of its own, as a fleet's machines do; a measured run's instances are
    /// namespaces on one machine and share its CPU.
    /// </summary>
    public bool CpuPerInstance { get; init; }

    /// <summary>Instances of the app behind one NAT (copies of the load, an address each).</summary>
    public int Instances { get; init; } = 1;

    /// <summary>
    /// The NAT's ports for the whole load: its ports per destination times the destinations, and times the instances
    /// where each has its own (Azure's SNAT preallocation); null without a NAT.
    /// </summary>
    public long? NatPorts => Options.Nat is { } nat ? (long)nat.Ports * InForce.Destinations * (nat.PerInstance ? Instances : 1) : null;

    public PortRange Range => InForce.Range;

    public int TcpTwReuse => InForce.TcpTwReuse ?? 0;

    public int SourceAddresses => InForce.SourceAddresses;

    /// <summary>Independent port spaces: one per source address and, where connect() picks per destination, per destination too.</summary>
    public int PortSpaces => InForce.SourceAddresses * InForce.Destinations;

    /// <summary>Whether a TIME_WAIT port to this target can be taken over after the 1 s delay.</summary>
    public bool ReuseApplies => TcpTwReuse == 1 || (TcpTwReuse == 2 && LoopbackTarget);

    public HostFacts Facts => Modelled(Options) with
    {
        EphemeralPortRange = Range,
        TcpTwReuse = Options.Os.TcpTwReuse is null ? null : TcpTwReuse,
        TimeWaitSeconds = TimeWaitSeconds,
    };

    /// <summary>The modelled OS as it comes, before the scenario changes anything.</summary>
    private static HostFacts Modelled(SimulationOptions options) => new()
    {
        Os = options.Os.Os,
        Kernel = "model",
        EphemeralPortRange = options.Os.Range,
        TcpTwReuse = options.Os.TcpTwReuse,
        TimeWaitSeconds = options.Os.TimeWaitSeconds,
        Namespace = NamespaceKind.Simulated,
        ProcessorCount = 0,
    };
}
