using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PortLoad.Sampling;

/// <summary>
/// Counts sockets the way <c>ss</c> does: one netlink <c>sock_diag</c> dump (NETLINK_INET_DIAG,
/// SOCK_DIAG_BY_FAMILY) that asks the kernel only for ESTABLISHED and TIME_WAIT sockets whose
/// destination is the target, with the filter run in the kernel as inet_diag bytecode. The cost
/// follows the matching sockets, not the whole table. Counts the namespace the process is in.
/// </summary>
public sealed partial class NetlinkSocketCounter : ISocketStateCounter, IDisposable
{
    private const int AfNetlink = 16;
    private const int NetlinkSockDiag = 4;
    private const int SockDiagByFamily = 20;
    private const int NlmsgError = 2;
    private const int NlmsgDone = 3;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFDump = 0x300;
    private const int NlmsgHeaderSize = 16;
    private const int InetDiagReqBytecode = 1;
    private const byte InetDiagBcDCond = 8;
    private const int TimeWaitAndEstablished = (1 << (int)TcpState.Established) | (1 << (int)TcpState.TimeWait);

    private readonly int _fd;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly object _lock = new();
    private uint _sequence;

    private NetlinkSocketCounter(int fd) => _fd = fd;

    /// <summary>A counter on a new netlink socket; null where the kernel refuses netlink (not Linux, seccomp).</summary>
    public static NetlinkSocketCounter? TryCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var fd = Socket(AfNetlink, 2 /* SOCK_DGRAM */ | 0x80000 /* SOCK_CLOEXEC */, NetlinkSockDiag);
        return fd < 0 ? null : new NetlinkSocketCounter(fd);
    }

    public SocketCounts Count(IPEndPoint destination, LocalPorts? own = null)
    {
        long timeWait = 0, established = 0, others = 0;
        Dump(BuildRequest(destination, ++_sequence), message =>
        {
            // inet_diag_msg: family, state, timer, retrans, then inet_diag_sockid: sport (big-endian), dport, src[16].
            var isTimeWait = message[1] == (byte)TcpState.TimeWait;
            if (own is not null && !own.Contains(message.Slice(8, message[0] == 2 ? 4 : 16), BinaryPrimitives.ReadUInt16BigEndian(message[4..])))
            {
                others += isTimeWait ? 1 : 0;
                return;
            }

            timeWait += isTimeWait ? 1 : 0;
            established += message[1] == (byte)TcpState.Established ? 1 : 0;
        });
        return new SocketCounts(timeWait, established, SockStat.TimeWait() ?? timeWait + others, others);
    }

    /// <summary>Every IPv4 and IPv6 TIME_WAIT socket in the namespace, counted by destination.</summary>
    public Dictionary<IPEndPoint, long> TimeWaitByDestination()
    {
        var counts = new Dictionary<IPEndPoint, long>();
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            Dump(BuildRequest(family, 1 << (int)TcpState.TimeWait, [], ++_sequence), message =>
            {
                // inet_diag_sockid: sport, dport (big-endian), src[16], dst[16].
                var port = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
                var address = new IPAddress(message[0] == 2 ? message.Slice(24, 4) : message.Slice(24, 16));
                var key = new IPEndPoint(address, port);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            });
        }

        return counts;
    }

    /// <summary>
    /// Every IPv4 and IPv6 TCP socket in the namespace but listeners (or listeners only) handed to <paramref name="onSocket"/>
    /// as it is read, with nothing allocated per socket: what <c>portload watch</c> aggregates.
    /// </summary>
    /// <param name="listenersOnly">Only LISTEN sockets: the kernel then walks its listening table alone, which is quick.</param>
    public void ForEachSocket(SocketVisitor onSocket, bool listenersOnly = false)
    {
        var states = listenersOnly ? 1 << (int)TcpState.Listen : 0xFFF & ~(1 << (int)TcpState.Listen);
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            Dump(BuildRequest(family, states, [], ++_sequence), message =>
            {
                // inet_diag_msg: family, state, timer, retrans, sockid (sport, dport, src[16], dst[16], if, cookie), expires, rqueue, wqueue, uid, inode.
                var length = message[0] == 2 ? 4 : 16;
                onSocket(new SocketRecord(
                    message[0] == 2 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6,
                    (TcpState)message[1],
                    message.Slice(8, length),
                    BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
                    message.Slice(24, length),
                    BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(message[68..])));
            });
        }
    }

    private void Dump(byte[] request, MessageHandler onMessage)
    {
        lock (_lock)
        {
            DumpLocked(request, onMessage);
        }
    }

    private delegate void MessageHandler(ReadOnlySpan<byte> inetDiagMessage);

    private void DumpLocked(byte[] request, MessageHandler onMessage)
    {
        if (Send(_fd, request, (nuint)request.Length, 0) < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        while (true)
        {
            var n = (int)Recv(_fd, _buffer, (nuint)_buffer.Length, 0);
            if (n < 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            for (var offset = 0; offset + NlmsgHeaderSize <= n;)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(offset));
                var type = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(offset + 4));
                if (type == NlmsgDone)
                {
                    return;
                }

                if (type == NlmsgError)
                {
                    var errno = -BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(offset + NlmsgHeaderSize));
                    throw new SocketException(errno);
                }

                onMessage(_buffer.AsSpan(offset + NlmsgHeaderSize, length - NlmsgHeaderSize));
                offset += (length + 3) & ~3;
                if (length < NlmsgHeaderSize)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// nlmsghdr + inet_diag_req_v2 (TCP, the two states) + an INET_DIAG_REQ_BYTECODE attribute with one
    /// D_COND op matching the destination address and port. The kernel accepts a socket when the
    /// bytecode runs exactly to its end ("yes" jumps there) and rejects it when it jumps past ("no").
    /// </summary>
    internal static byte[] BuildRequest(IPEndPoint destination, uint sequence)
    {
        var address = destination.Address.GetAddressBytes();
        var condition = new byte[4 + 8 + address.Length]; // inet_diag_bc_op + inet_diag_hostcond + address
        var family = destination.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2;
        condition[0] = InetDiagBcDCond;
        condition[1] = (byte)condition.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(condition.AsSpan(2), (ushort)(condition.Length + 4));
        condition[4] = (byte)family;
        condition[5] = (byte)(address.Length * 8);
        BinaryPrimitives.WriteInt32LittleEndian(condition.AsSpan(8), destination.Port);
        address.CopyTo(condition, 12);
        return BuildRequest(destination.AddressFamily, TimeWaitAndEstablished, condition, sequence);
    }

    private static byte[] BuildRequest(AddressFamily addressFamily, int states, byte[] bytecode, uint sequence)
    {
        var family = addressFamily == AddressFamily.InterNetworkV6 ? 10 : 2;
        var attribute = bytecode.Length == 0 ? 0 : 4 + bytecode.Length; // rtattr + bytecode
        var total = NlmsgHeaderSize + 56 + attribute;
        var message = new byte[total];
        var span = message.AsSpan();

        BinaryPrimitives.WriteInt32LittleEndian(span, total);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], NlmFRequest | NlmFDump);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], sequence);

        var req = span[NlmsgHeaderSize..];
        req[0] = (byte)family;
        req[1] = (byte)ProtocolType.Tcp;
        BinaryPrimitives.WriteInt32LittleEndian(req[4..], states);
        if (attribute > 0)
        {
            var attr = req[56..];
            BinaryPrimitives.WriteUInt16LittleEndian(attr, (ushort)attribute);
            BinaryPrimitives.WriteUInt16LittleEndian(attr[2..], InetDiagReqBytecode);
            bytecode.CopyTo(attr[4..]);
        }

        return message;
    }

    public void Dispose() => _ = Close(_fd);

    /// <summary>What a socket visitor is handed; the spans are valid only during the call.</summary>
    public delegate void SocketVisitor(in SocketRecord socket);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, byte[] buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte[] buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
