using PortLoad.Scenarios;

namespace PortLoad.HostInfo;

/// <summary>
/// The settings one strategy runs with: its ephemeral range, tcp_tw_reuse, source addresses and namespace,
/// and so its port space. The one place that works them out, for the run, its progress, its results and
/// the simulator alike.
/// </summary>
/// <param name="Destinations">Server ports with a space each: several when connect() picks the port (per 4-tuple), one
/// when bind() does (a bound port is the client's alone, whatever the destination).</param>
public sealed record SettingsInForce(PortRange Range, int? TcpTwReuse, int SourceAddresses, NamespaceKind Namespace, int Destinations = 1)
{
    /// <summary>(source addresses x ports in the range x destinations with a space each): the 4-tuples open.</summary>
    public long PortSpace => (long)Range.Size * SourceAddresses * Destinations;

    /// <summary>The ports a strategy's connections can have: its fixed source ports, when it has them, instead of the range.</summary>
    public SettingsInForce For(StrategyOptions strategy) => strategy.SourcePorts is { } fixedPorts ? this with { Range = fixedPorts } : this;

    /// <summary>Destinations with a space of their own for <paramref name="strategy"/>: none beyond one when bind() picks its ports.</summary>
    public static int DestinationsFor(Scenario scenario, StrategyOptions? strategy) => strategy?.BindsPort == true ? 1 : scenario.Target.Destinations;

    /// <summary>
    /// Before the run: a strategy of an isolated scenario gets a fresh namespace, with what the scenario
    /// sets there and the kernel's defaults for the rest; otherwise it runs with <paramref name="host"/>'s settings.
    /// </summary>
    /// <param name="strategy">The strategy, whose own tcp_tw_reuse wins; null: the scenario's settings alone.</param>
    public static SettingsInForce For(Scenario scenario, StrategyOptions? strategy, HostFacts host)
    {
        // Instances behind a router each have an address of their own: as many port spaces.
        var sources = Math.Max(1, scenario.SourceAddresses.Count) * scenario.Network.Instances;
        if (!scenario.Network.Isolated)
        {
            return new SettingsInForce(strategy?.SourcePorts ?? host.EphemeralPortRange, host.TcpTwReuse, sources, host.Namespace, DestinationsFor(scenario, strategy));
        }

        // A fresh namespace starts from the kernel's defaults, not from the host's settings.
        var fresh = OsDefaults.Of(host.Os);
        return new SettingsInForce(
            strategy?.SourcePorts ?? scenario.Network.EphemeralPortRange ?? fresh.Range,
            scenario.TcpTwReuseFor(strategy) ?? fresh.TcpTwReuse,
            sources,
            NamespaceKind.Isolated,
            DestinationsFor(scenario, strategy));
    }

    /// <summary>After the run: what was read where the strategy ran.</summary>
    public static SettingsInForce Read(HostFacts facts, int sourceAddresses, int destinations = 1) =>
        new(facts.EphemeralPortRange, facts.TcpTwReuse, Math.Max(1, sourceAddresses), facts.Namespace, destinations);
}
