using System.Net;
using System.Net.Sockets;
using PortLoad.Sampling;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Sampling;

public class NetlinkSocketCounterTests
{
    [Test]
    public void BuildRequest_IPv4_LaysOutHeaderRequestAndBytecode()
    {
        var message = NetlinkSocketCounter.BuildRequest(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 8080), 7);

        Assert.Multiple(() =>
        {
            Assert.That(message, Has.Length.EqualTo(16 + 56 + 4 + 16));
            Assert.That(BitConverter.ToInt32(message, 0), Is.EqualTo(message.Length), "nlmsg_len");
            Assert.That(BitConverter.ToUInt16(message, 4), Is.EqualTo(20), "SOCK_DIAG_BY_FAMILY");
            Assert.That(BitConverter.ToUInt16(message, 6), Is.EqualTo(0x301), "NLM_F_REQUEST | NLM_F_DUMP");
            Assert.That(message[16], Is.EqualTo(2), "AF_INET");
            Assert.That(message[17], Is.EqualTo(6), "IPPROTO_TCP");
            Assert.That(BitConverter.ToInt32(message, 20), Is.EqualTo((1 << 1) | (1 << 6)), "ESTABLISHED | TIME_WAIT");
            Assert.That(message[72 + 4], Is.EqualTo(8), "INET_DIAG_BC_D_COND");
            Assert.That(message[72 + 5], Is.EqualTo(16), "yes: to the end");
            Assert.That(BitConverter.ToUInt16(message, 72 + 6), Is.EqualTo(20), "no: past the end");
            Assert.That(BitConverter.ToInt32(message, 72 + 12), Is.EqualTo(8080), "port");
            Assert.That(message[(72 + 16)..], Is.EqualTo(new byte[] { 127, 0, 0, 1 }), "address");
        });
    }

    [Test]
    public async Task Count_SameTable_AgreesWithProcNetTcp()
    {
        using var counter = Counter();
        await using var sockets = await LoopbackSockets.OpenAsync(40, closeFirst: 25);

        var netlink = await Eventually.ValueAsync(() => counter.Count(sockets.Destination), c => c.TimeWait == 25);
        var proc = new ProcNetTcpCounter().Count(sockets.Destination);
        var byDestination = counter.TimeWaitByDestination();

        Assert.That((netlink.TimeWait, netlink.Established), Is.EqualTo((25L, 15L)));
        Assert.That((netlink.TimeWait, netlink.Established), Is.EqualTo((proc.TimeWait, proc.Established)));
        Assert.That(byDestination[sockets.Destination], Is.EqualTo(25));
    }

    [Test]
    public async Task Count_WithOwnPorts_CountsTheOthersApart_AsProcNetTcpDoes()
    {
        using var counter = Counter();
        // Clients 0-24 close first: 10 of the strategy's TIME_WAIT (0-9), 15 of others'; 30-39 stay ESTABLISHED, its own.
        await using var sockets = await LoopbackSockets.OpenAsync(40, closeFirst: 25);
        var own = new LocalPorts();
        foreach (var i in Enumerable.Range(0, 10).Concat(Enumerable.Range(30, 10)))
        {
            own.Add(sockets.ClientEnds[i]);
        }

        var netlink = await Eventually.ValueAsync(() => counter.Count(sockets.Destination, own), c => c.TimeWait + c.TimeWaitOthers == 25);
        var proc = new ProcNetTcpCounter().Count(sockets.Destination, own);
        var all = counter.Count(sockets.Destination);

        Assert.That((netlink.TimeWait, netlink.TimeWaitOthers, netlink.Established), Is.EqualTo((10L, 15L, 10L)));
        Assert.That((proc.TimeWait, proc.TimeWaitOthers, proc.Established), Is.EqualTo((10L, 15L, 10L)));
        Assert.That((all.TimeWait, all.TimeWaitOthers), Is.EqualTo((25L, 0L)), "without own ports, every socket is the strategy's");
        Assert.That(own.Count, Is.EqualTo(20));
    }

    private static NetlinkSocketCounter Counter() =>
        NetlinkSocketCounter.TryCreate() ?? throw new IgnoreException("netlink sock_diag is not available here (not Linux, or refused by the sandbox)");

    /// <summary>Client connections to a listener on 127.0.0.1; the first <c>closeFirst</c> closed by the client (TIME_WAIT on its side).</summary>
    private sealed class LoopbackSockets : IAsyncDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _open = [];

        public IPEndPoint Destination => (IPEndPoint)_listener.LocalEndPoint!;

        public List<IPEndPoint> ClientEnds { get; } = [];

        public static async Task<LoopbackSockets> OpenAsync(int count, int closeFirst)
        {
            var sockets = new LoopbackSockets();
            sockets._listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            sockets._listener.Listen(256);
            for (var i = 0; i < count; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await client.ConnectAsync(sockets.Destination);
                sockets.ClientEnds.Add((IPEndPoint)client.LocalEndPoint!);
                sockets._open.AddRange([client, await sockets._listener.AcceptAsync()]);
            }

            // Only once all are open, so no port closed here can be handed out again (tcp_tw_reuse on loopback).
            for (var i = 0; i < closeFirst; i++)
            {
                sockets._open[2 * i].Dispose();
                sockets._open[(2 * i) + 1].Dispose();
            }

            return sockets;
        }

        public ValueTask DisposeAsync()
        {
            _open.ForEach(s => s.Dispose());
            _listener.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Test]
    public void SockStat_Parse_ReadsTheTimeWaitTotal()
    {
        const string text = "sockets: used 290\nTCP: inuse 7 orphan 0 tw 28123 alloc 9 mem 1\nUDP: inuse 1 mem 0\n";

        Assert.That(SockStat.Parse(text), Is.EqualTo(28123));
    }
}
