using System.Net;
using System.Net.NetworkInformation;

namespace PortLoad.Sampling;

/// <summary>
/// Windows and macOS: .NET's own TCP table, which lists TIME_WAIT there. It walks the whole
/// table, so it is the slowest counter; Linux uses netlink instead.
/// </summary>
public sealed class IpGlobalPropertiesCounter : ISocketStateCounter
{
    public SocketCounts Count(IPEndPoint destination, LocalPorts? own = null)
    {
        long timeWait = 0, established = 0, timeWaitAll = 0, others = 0;
        foreach (var connection in IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections())
        {
            var isTimeWait = connection.State == System.Net.NetworkInformation.TcpState.TimeWait;
            timeWaitAll += isTimeWait ? 1 : 0;
            if (connection.RemoteEndPoint.Equals(destination) && own is not null && !own.Contains(connection.LocalEndPoint))
            {
                others += isTimeWait ? 1 : 0;
            }
            else if (connection.RemoteEndPoint.Equals(destination))
            {
                timeWait += isTimeWait ? 1 : 0;
                established += connection.State == System.Net.NetworkInformation.TcpState.Established ? 1 : 0;
            }
        }

        return new SocketCounts(timeWait, established, timeWaitAll, others);
    }
}
