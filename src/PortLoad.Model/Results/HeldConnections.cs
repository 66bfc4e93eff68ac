using PortLoad.HostInfo;

namespace PortLoad.Results;

/// <summary>
/// What a hold phase reached: connections held open at once (the client's count and, against the embedded server,
/// the server's), the distinct client (address, port) pairs and addresses the server saw, the ceiling per source
/// address, how long opening took, memory per connection, and the limits raised to get there.
/// </summary>
/// <param name="Asked">Connections the hold phases asked for (the most of any one phase).</param>
/// <param name="PeakHeld">The most the client held open at once.</param>
/// <param name="Destination">The server's address and port: one port, however many connections.</param>
/// <param name="PerAddressCeiling">Connections one source address can have to this destination: the ports of the
/// range (connect() picks per 4-tuple), or the range shared by every destination when bind() picks.</param>
/// <param name="OpenSeconds">From the first connection due to the last one open.</param>
/// <param name="ProcessBytesPerConnection">Growth of this process's resident memory (VmRSS) per connection held: both
/// ends when the embedded server runs in the same process.</param>
/// <param name="KernelBytesPerConnection">Growth of the kernel's TCP buffer memory (sockstat "mem", host-wide) per connection
/// held: near 0 for idle connections, whose memory is the socket itself (<see cref="KernelSlabBytesPerConnection"/>).</param>
public sealed record HeldConnections(
    long Asked,
    long PeakHeld,
    string Destination,
    long PerAddressCeiling,
    int SourceAddresses,
    double? OpenSeconds,
    double? ProcessBytesPerConnection,
    double? KernelBytesPerConnection)
{
    /// <summary>The embedded server's view; null against a host target.</summary>
    public ServerCensus? Server { get; init; }

    /// <summary>Growth of the kernel's slab memory (/proc/meminfo, host-wide) per connection held: the sockets themselves, both ends.</summary>
    public double? KernelSlabBytesPerConnection { get; init; }

    /// <summary>Whether other processes' held connections shared this kernel (segments in one namespace): the kernel's
    /// figures then grew with all of them, and a merge divides by all.</summary>
    public bool SharedKernel { get; init; }

    /// <summary>RLIMIT_NOFILE at start and as raised; null where unknown.</summary>
    public OpenFileLimits? OpenFiles { get; init; }

    /// <summary>net.core.somaxconn where the server listened (the namespace's), which caps its backlog.</summary>
    public int? Somaxconn { get; init; }

    /// <summary>The listen backlog the embedded server asked for.</summary>
    public int? Backlog { get; init; }

    /// <summary>The plain-language finding: how many at once, to which one port, from how many addresses, and why it can be more than 65,535.</summary>
    public string Describe(string strategy)
    {
        var most = PerAddressCeiling * (long)SourceAddresses;
        var server = Server is { } c
            ? Invariant.Format($"; the server had {c.PeakOpen:N0} open at once from {c.DistinctClients:N0} distinct client (address, port) pairs on {c.SourceAddresses} addresses")
            : "";
        var open = OpenSeconds is { } t ? Invariant.Format($", opened in {t:0.#} s") : "";
        var memory = ProcessBytesPerConnection is { } p
            ? Invariant.Format($" Memory per connection (both ends where the server ran in the same process): {p / 1024:0.#} KiB of process memory, {(KernelSlabBytesPerConnection ?? 0) / 1024:0.#} KiB of kernel slab.")
            : "";
        return Invariant.Format(
            $"{strategy}: {PeakHeld:N0} concurrent connections to {Destination} from {SourceAddresses} source address{(SourceAddresses == 1 ? "" : "es")}{open}{server}. A connection is a 4-tuple: each source address can have up to {PerAddressCeiling:N0} connections to this one port (its ephemeral range), so {SourceAddresses} give {most:N0}: the 65,535 TCP ports limit connections per (source address, destination), not per server.{memory}");
    }
}

/// <param name="PeakOpen">The most connections the server had open at once.</param>
/// <param name="DistinctClients">Distinct client (address, port) pairs it accepted.</param>
/// <param name="SourceAddresses">Distinct client addresses among them.</param>
public sealed record ServerCensus(long Accepted, long PeakOpen, long DistinctClients, int SourceAddresses);
