
namespace PortLoad.Scenarios;

/// <summary>
/// What the simulator models that a scenario's real-run fields do not say: the client's OS, a NAT in
/// front of it, and the cost of connect(). Every field is optional; null means the OS's default or
/// the scenario's own value.
/// </summary>
public sealed record SimulationOptions
{
    public OsDefaults Os { get; init; } = OsDefaults.Linux;

    public PortRange? EphemeralPortRange { get; init; }

    public int? TimeWaitSeconds { get; init; }

    public int? TcpTwReuse { get; init; }

    /// <summary>True: model the target as a remote host (tcp_tw_reuse = 2 does not apply).</summary>
    public bool? RemoteTarget { get; init; }

    public NatOptions? Nat { get; init; }

    /// <summary>CPU time per port connect() probes; 0 (the default) is a pure port-occupancy model.</summary>
    public double PerProbeNanoseconds { get; init; }

    /// <summary>
    /// Time a failed connect attempt takes the machine, the .NET exception and every core included (calibrated from a
    /// closed-model run); null: the base connect cost plus the probes, the kernel's share alone.
    /// </summary>
    public double? FailedConnectMicroseconds { get; init; }

    /// <summary>
    /// Time a connection that succeeds takes the machine when loops send as fast as it lets them (a closed model,
    /// <c>keepConstant</c>), apart from probing: both ends' work on the shared cores against the embedded server
    /// (calibrated from a closed-model run); null: <see cref="ConnectMicroseconds"/> and then <see cref="ServiceTime"/>.
    /// </summary>
    public double? LoopConnectMicroseconds { get; init; }

    /// <summary>CPU time of a connection apart from probing (socket, connect, close syscalls), which caps the rate at full speed; 30 µs measured here.</summary>
    public double ConnectMicroseconds { get; init; } = 30;

    /// <summary>How long the server takes to answer once connected.</summary>
    public TimeSpan ServiceTime { get; init; } = TimeSpan.FromMilliseconds(1);

    public int Seed { get; init; } = 1;

    /// <summary>net.ipv4.tcp_max_tw_buckets: beyond it, closing sockets skip TIME_WAIT.</summary>
    public int MaxTimeWaitBuckets { get; init; } = 131_072;
}

/// <summary>A source NAT in front of the client: <see cref="Ports"/> per destination, each held <see cref="ReleaseAfter"/> after its connection closes.</summary>
public sealed record NatOptions(string Name, int Ports, TimeSpan ReleaseAfter)
{
    /// <summary>The kind of a Linux NAT (nftables/iptables source NAT with conntrack), as a scenario's "kind" names it.</summary>
    public const string LinuxKind = "linux";

    /// <summary>
    /// A Linux NAT: a new flow searches a bounded number of ports from a random offset (128, then 64, 32, 16 from
    /// new offsets); a closed connection's mapping stays in conntrack for <see cref="ReleaseAfter"/> and is taken over
    /// in the last 32 attempts of a window, one time in two (Linux 6.4+); a cloud NAT keeps it that long.
    /// </summary>
    public bool Linux => Name == LinuxKind;

    /// <summary>Each instance behind the NAT has <see cref="Ports"/> of its own (Azure's SNAT preallocation); otherwise the instances share them.</summary>
    public bool PerInstance { get; init; }

    /// <summary>The Linux NAT a scenario's router runs ("network": { "nat": ... }), for the simulator.</summary>
    public static NatOptions For(RouterNat nat) => new(LinuxKind, nat.Ports, nat.TimeWait);
}
