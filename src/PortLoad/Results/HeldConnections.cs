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
/// <param name="KernelBytesPerConnection">Growth of the kernel's TCP socket memory (sockstat "mem", host-wide) per connection held.</param>
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

    /// <summary>RLIMIT_NOFILE at start and as raised; null where unknown.</summary>
    public OpenFileLimits? OpenFiles { get; init; }

    /// <summary>net.core.somaxconn where the server listened (the namespace's), which caps its backlog.</summary>
    public int? Somaxconn { get; init; }

    /// <summary>The listen backlog the embedded server asked for.</summary>
    public int? Backlog { get; init; }
}

/// <param name="PeakOpen">The most connections the server had open at once.</param>
/// <param name="DistinctClients">Distinct client (address, port) pairs it accepted.</param>
/// <param name="SourceAddresses">Distinct client addresses among them.</param>
public sealed record ServerCensus(long Accepted, long PeakOpen, long DistinctClients, int SourceAddresses);
