using System.Net;
using PortLoad.HostInfo;

namespace PortLoad.Tests.HostInfo;

public class InspectionTests
{
    private static readonly HostFacts Host = new()
    {
        Os = "linux", Kernel = "6.1", EphemeralPortRange = new PortRange(32768, 60999), TcpTwReuse = 2, TimeWaitSeconds = 60,
    };

    [Test]
    public void Rates_ReuseForLoopbackOnly_SplitsRemoteFromLoopback()
    {
        var rates = Inspection.Rates(Host);

        Assert.That(rates[0].System, Is.EqualTo("this host, remote destination"));
        Assert.That(rates[0].NewConnectionsPerSecond, Is.EqualTo(28232 / 60.0));
        Assert.That(rates[1].NewConnectionsPerSecond, Is.EqualTo(28232 / 2.0));
        Assert.That(rates.Select(r => r.System), Is.SupersetOf(new[] { "linux", "windows", "macos" }));
    }

    [Test]
    public void Rates_ReuseOff_IsRangeOverTimeWaitEverywhere()
    {
        var rates = Inspection.Rates(Host with { TcpTwReuse = 0, EphemeralPortRange = new PortRange(40000, 40999) });

        Assert.That(rates.Take(2).Select(r => r.NewConnectionsPerSecond), Is.All.EqualTo(1000 / 60.0));
    }

    [Test]
    public void Top_OrdersByCountThenName()
    {
        var counts = new Dictionary<IPEndPoint, long>
        {
            [IPEndPoint.Parse("127.0.0.1:80")] = 5,
            [IPEndPoint.Parse("127.0.0.1:443")] = 9,
            [IPEndPoint.Parse("127.0.0.2:80")] = 5,
        };

        var top = Inspection.Top(counts, 2);

        Assert.That(top, Is.EqualTo(new[] { new DestinationTimeWait("127.0.0.1:443", 9), new DestinationTimeWait("127.0.0.1:80", 5) }));
    }

    [TestCase(0, "off")]
    [TestCase(1, "on for every destination")]
    [TestCase(2, "on for loopback only")]
    public void ReuseMeaning_SaysWhatTheValueDoes(int reuse, string start) =>
        Assert.That(Inspection.ReuseMeaning(reuse), Does.StartWith(start));
}
