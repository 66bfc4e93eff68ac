using System.Net;

namespace PortLoad.Sampling;

/// <summary>
/// Client sockets to one destination by state, plus TIME_WAIT to every destination. With the
/// strategy's own ports given, <see cref="TimeWait"/> and <see cref="Established"/> count only its own
/// sockets and <see cref="TimeWaitOthers"/> the TIME_WAIT to the same destination that it did not open.
/// </summary>
public readonly record struct SocketCounts(long TimeWait, long Established, long TimeWaitAllDestinations, long TimeWaitOthers = 0);

/// <summary>Counts the sockets in the current network namespace by TCP state.</summary>
public interface ISocketStateCounter
{
    /// <summary>Counts client sockets whose remote end is <paramref name="destination"/>.</summary>
    /// <param name="own">The strategy's local ports; null: every socket to the destination counts as its own.</param>
    SocketCounts Count(IPEndPoint destination, LocalPorts? own = null);
}

/// <summary>TCP states as the kernel numbers them (include/net/tcp_states.h).</summary>
public enum TcpState
{
    Established = 1,
    SynSent = 2,
    SynRecv = 3,
    FinWait1 = 4,
    FinWait2 = 5,
    TimeWait = 6,
    Close = 7,
    CloseWait = 8,
    LastAck = 9,
    Listen = 10,
    Closing = 11,
}

/// <summary>One TCP socket as sock_diag reports it; the address spans (4 or 16 bytes) live only as long as the callback.</summary>
public readonly ref struct SocketRecord(System.Net.Sockets.AddressFamily family, TcpState state, ReadOnlySpan<byte> localAddress, int localPort, ReadOnlySpan<byte> remoteAddress, int remotePort, uint inode)
{
    public System.Net.Sockets.AddressFamily Family { get; } = family;

    public TcpState State { get; } = state;

    public ReadOnlySpan<byte> LocalAddress { get; } = localAddress;

    public int LocalPort { get; } = localPort;

    public ReadOnlySpan<byte> RemoteAddress { get; } = remoteAddress;

    public int RemotePort { get; } = remotePort;

    /// <summary>The socket's inode (0 for TIME_WAIT, which no process holds): /proc/PID/fd links name it.</summary>
    public uint Inode { get; } = inode;
}
