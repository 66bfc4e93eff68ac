using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PortLoad.Connections;

/// <summary>
/// The libc calls the epoll engine makes, each once, with errno taken straight from the call (no
/// SocketException, no SocketAddress, no IPEndPoint). Linux on x64 only: epoll_event is packed there.
/// </summary>
internal static unsafe partial class EpollInterop
{
    public const int EAGAIN = 11;
    public const int EINPROGRESS = 115;
    public const int EINTR = 4;

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 1u << 31;

    private const int SockStream = 1;
    private const int SockNonBlock = 0x800;
    private const int SockCloExec = 0x80000;
    private const int SolSocket = 1;
    private const int SoError = 4;
    private const int SoLinger = 13;
    private const int IpProtoTcp = 6;
    private const int TcpNoDelay = 1;
    private const int MsgNoSignal = 0x4000;
    private const int EpollCtlAdd = 1;

    /// <summary>Whether this process can run the engine: Linux on x64.</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    /// <summary>A sockaddr_in or sockaddr_in6, built once per destination.</summary>
    public sealed class Destination
    {
        public Destination(IPEndPoint endPoint)
        {
            Family = endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2;
            Bytes = new byte[Family == 10 ? 28 : 16];
            BitConverter.TryWriteBytes(Bytes.AsSpan(0, 2), (ushort)Family);
            Bytes[2] = (byte)(endPoint.Port >> 8);
            Bytes[3] = (byte)endPoint.Port;
            endPoint.Address.TryWriteBytes(Bytes.AsSpan(Family == 10 ? 8 : 4), out _);
        }

        public int Family { get; }

        public byte[] Bytes { get; }
    }

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>A nonblocking TCP socket of the family; -1 and errno on failure.</summary>
    public static int Socket(int family) => SocketCall(family, SockStream | SockNonBlock | SockCloExec, 0);

    public static int Connect(int fd, Destination to)
    {
        fixed (byte* address = to.Bytes)
        {
            return ConnectCall(fd, address, to.Bytes.Length);
        }
    }

    /// <summary>The error a nonblocking connect() ended with (SO_ERROR); 0 once connected.</summary>
    public static int PendingError(int fd)
    {
        int error = 0, length = sizeof(int);
        return GetSockOpt(fd, SolSocket, SoError, &error, &length) == 0 ? error : LastError;
    }

    public static void NoDelay(int fd)
    {
        var one = 1;
        _ = SetSockOpt(fd, IpProtoTcp, TcpNoDelay, &one, sizeof(int));
    }

    /// <summary>SO_LINGER {1, 0}: close() sends RST and skips TIME_WAIT.</summary>
    public static void ArmReset(int fd)
    {
        var linger = stackalloc int[2] { 1, 0 };
        _ = SetSockOpt(fd, SolSocket, SoLinger, linger, 2 * sizeof(int));
    }

    /// <summary>The connection's local end, recorded as its own (one getsockname, nothing allocated).</summary>
    public static void RecordLocal(int fd, LocalPorts own)
    {
        var address = stackalloc byte[28];
        var length = 28;
        if (GetSockName(fd, address, &length) != 0)
        {
            return;
        }

        var port = (address[2] << 8) | address[3];
        own.Add(*(ushort*)address == 10 ? new ReadOnlySpan<byte>(address + 8, 16) : new ReadOnlySpan<byte>(address + 4, 4), port);
    }

    public static nint Send(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            return SendCall(fd, start, bytes.Length, MsgNoSignal);
        }
    }

    public static nint Receive(int fd, Span<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            return RecvCall(fd, start, bytes.Length, 0);
        }
    }

    public static int Register(int epoll, int fd, uint events, ulong data)
    {
        var e = new EpollEvent { Events = events, Data = data };
        return EpollCtl(epoll, EpollCtlAdd, fd, &e);
    }

    public static int Wait(int epoll, Span<EpollEvent> events, int timeoutMilliseconds)
    {
        fixed (EpollEvent* start = events)
        {
            return EpollWait(epoll, start, events.Length, timeoutMilliseconds);
        }
    }

    public static void Wake(int eventFd)
    {
        var one = 1UL;
        _ = Write(eventFd, &one, sizeof(ulong));
    }

    public static void Drain(int eventFd)
    {
        ulong value;
        _ = Read(eventFd, &value, sizeof(ulong));
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketCall(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectCall(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, void* value, int* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    private static partial int GetSockName(int fd, byte* address, int* length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint SendCall(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint RecvCall(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int op, int fd, EpollEvent* e);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, EpollEvent* events, int max, int timeout);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, void* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, void* buffer, nint length);
}
