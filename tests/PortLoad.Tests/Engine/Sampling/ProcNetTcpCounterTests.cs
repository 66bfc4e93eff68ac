using System.Net;
using System.Net.Sockets;
using PortLoad.Sampling;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Sampling;

public class ProcNetTcpCounterTests
{
    [Test]
    public void Format_IPv4_IsHostOrderHexAndPort()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("127.0.0.1"), 8080);

        Assert.That(ProcNetTcpCounter.Format(endPoint, mapped: false), Is.EqualTo("0100007F:1F90"));
        Assert.That(ProcNetTcpCounter.Format(endPoint, mapped: true), Is.EqualTo("0000000000000000FFFF00000100007F:1F90"));
    }

    [Test]
    public void CountLines_CapturedTable_CountsStatesForTheDestinationOnly()
    {
        string[] lines =
        [
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0",
            "   1: 0100007F:9C40 0100007F:1F90 06 00000000:00000000 03:000016A8 00000000     0        0 0 3 0",
            "   2: 0100007F:9C42 0100007F:1F90 06 00000000:00000000 03:000016A8 00000000     0        0 0 3 0",
            "   3: 0100007F:9C44 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1",
            "   4: 0100007F:9C46 0200007F:1F90 06 00000000:00000000 03:000016A8 00000000     0        0 0 3 0",
        ];

        var tally = ProcNetTcpCounter.CountLines(lines, "0100007F:1F90");

        Assert.That((tally.TimeWait, tally.Established, tally.TimeWaitAll), Is.EqualTo((2L, 1L, 3L)));
    }

    [Test]
    public async Task Count_RealSockets_SeesEstablishedThenTimeWait()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        var destination = (IPEndPoint)listener.LocalEndPoint!;
        var counter = new ProcNetTcpCounter();
        var clients = new List<Socket>();
        var accepted = new List<Socket>();
        for (var i = 0; i < 5; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(destination);
            clients.Add(client);
            accepted.Add(await listener.AcceptAsync());
        }

        var open = counter.Count(destination);
        clients.ForEach(c => c.Dispose());   // the client closes first: it holds TIME_WAIT
        accepted.ForEach(a => a.Dispose());
        var closed = await Eventually.ValueAsync(() => counter.Count(destination), c => c.TimeWait == 5 && c.Established == 0);

        Assert.That((open.Established, open.TimeWait), Is.EqualTo((5L, 0L)));
        Assert.That((closed.Established, closed.TimeWait), Is.EqualTo((0L, 5L)));
        Assert.That(closed.TimeWaitAllDestinations, Is.GreaterThanOrEqualTo(5));
    }
}
