using System.Net;
using System.Net.Sockets;

namespace PortLoad.Tests.TestSupport;

public static class Loopback
{
    /// <summary>A loopback port that nothing listens on (bound, then released).</summary>
    public static IPEndPoint UnusedEndPoint()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }

    /// <summary>A socket listening on 127.0.0.1 at a port the kernel chose: a server a test scripts by hand.</summary>
    public static Socket Listen(int backlog = 64)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>Whether something listens on 127.0.0.1:<paramref name="port"/>: a server a test started is up.</summary>
    public static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
