using System.Net;
using System.Net.Sockets;

namespace PortLoad.Connections;

/// <summary>
/// Opens client connections to the target the way every sender does: TCP_NODELAY, the next
/// source address round-robin (bound with IP_BIND_ADDRESS_NO_PORT, so the kernel still picks the
/// port at connect time, per 4-tuple), and a count of the connections opened.
/// </summary>
public sealed class ClientConnector(IPEndPoint destination, IReadOnlyList<IPAddress> sourceAddresses)
{
    private const int IpBindAddressNoPort = 24;
    private long _opened;
    private long _next = -1;

    public long ConnectionsOpened => Interlocked.Read(ref _opened);

    public async ValueTask<Socket> ConnectAsync(CancellationToken token)
    {
        var socket = new Socket(destination.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (sourceAddresses.Count > 0)
            {
                var source = sourceAddresses[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)sourceAddresses.Count)];
                if (OperatingSystem.IsLinux())
                {
                    socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpBindAddressNoPort, BitConverter.GetBytes(1));
                }

                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(destination, token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Interlocked.Increment(ref _opened);
        return socket;
    }
}
