using System.Net;
using System.Net.Sockets;

namespace PortLoad.Runs;

/// <summary>
/// Checks, before any load, that each source address belongs to this host: binding one that does
/// not fails with EADDRNOTAVAIL, which would look exactly like port exhaustion.
/// </summary>
public static class SourceAddressCheck
{
    public static string? Problem(IReadOnlyList<IPAddress> addresses)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            using var socket = new Socket(addresses[i].AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(addresses[i], 0));
            }
            catch (SocketException e)
            {
                return $"clients.sourceAddresses[{i}]: {addresses[i]} is not an address of this host ({e.SocketErrorCode}); "
                       + "use a loopback address such as 127.0.0.2, or an isolated namespace";
            }
        }

        return null;
    }
}
