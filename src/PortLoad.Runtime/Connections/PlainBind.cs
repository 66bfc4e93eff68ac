using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PortLoad.Connections;

/// <summary>
/// bind() as a C client calls it: .NET's <see cref="Socket.Bind"/> sets SO_REUSEADDR first on Linux, whatever
/// ExclusiveAddressUse says, so a fixed source port still in TIME_WAIT would bind where most clients get EADDRINUSE.
/// </summary>
internal static partial class PlainBind
{
    private const int EAddrInUse = 98;

    /// <summary>Binds <paramref name="socket"/> to <paramref name="local"/> with the socket's options as they are; throws as Bind does.</summary>
    public static void Bind(Socket socket, IPEndPoint local)
    {
        Span<byte> address = stackalloc byte[local.AddressFamily == AddressFamily.InterNetworkV6 ? 28 : 16];
        address.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(address, (ushort)(local.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2));
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)local.Port);
        local.Address.TryWriteBytes(local.AddressFamily == AddressFamily.InterNetworkV6 ? address[8..24] : address[4..8], out _);
        if (NativeBind((int)socket.SafeHandle.DangerousGetHandle(), address, address.Length) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new SocketException(errno == EAddrInUse ? (int)SocketError.AddressAlreadyInUse : (int)SocketError.SocketError);
        }
    }

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int NativeBind(int fd, ReadOnlySpan<byte> address, int length);
}
