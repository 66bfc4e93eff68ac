namespace PortLoad.HostInfo;

/// <summary>What the host (or the namespace the run is in) says about ephemeral ports, read at start.</summary>
public sealed record HostFacts
{
    public required string Os { get; init; }

    public required string Kernel { get; init; }

    public required PortRange EphemeralPortRange { get; init; }

    /// <summary>net.ipv4.tcp_tw_reuse: 0 off, 1 on, 2 loopback only; null where the OS has no such knob.</summary>
    public int? TcpTwReuse { get; init; }

    /// <summary>net.ipv4.tcp_syn_linear_timeouts (Linux 6.5+): SYN retransmits one second apart before they double; null where it is not.</summary>
    public int? TcpSynLinearTimeouts { get; init; }

    public required int TimeWaitSeconds { get; init; }

    public long? OpenFileLimit { get; init; }

    public NamespaceKind Namespace { get; init; } = NamespaceKind.Host;

    public int ProcessorCount { get; init; } = Environment.ProcessorCount;
}
