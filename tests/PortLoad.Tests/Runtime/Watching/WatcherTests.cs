using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using PortLoad.HostInfo;
using PortLoad.Watching;

namespace PortLoad.Tests.Watching;

public class WatcherTests
{
    private static readonly DestinationKey Remote = Key("10.0.0.5", "10.0.0.9", 443);
    private static readonly DestinationKey Loopback = Key("127.0.0.1", "127.0.0.1", 8080);

    [Test]
    public void Next_CountsNewPortsAsNewConnections_AndForecastsRangeOverRate()
    {
        var (watcher, time) = Watcher(tcpTwReuse: 0);
        watcher.Next(Table(Remote, timeWait: 100, ports: Enumerable.Range(40000, 100)), 10);
        time.Advance(TimeSpan.FromSeconds(1));

        var row = watcher.Next(Table(Remote, timeWait: 200, ports: Enumerable.Range(40000, 200)), 10).Single().Row;

        Assert.Multiple(() =>
        {
            Assert.That(row.Destination, Is.EqualTo("10.0.0.9:443"));
            Assert.That(row.Source, Is.EqualTo("10.0.0.5"));
            Assert.That((row.New, row.NewPerSecond), Is.EqualTo((100L, 100.0)));
            Assert.That(row.Usage, Is.EqualTo(0.2), "200 of 1,000 ports");
            Assert.That(row.SecondsToExhaustion, Is.EqualTo(8), "(1,000 - 200) / 100 a second: 100/s is above 1,000 / 60 s");
        });
    }

    [TestCase(0, 10.0, null, Description = "10/s is under 1,000 ports / 60 s: never")]
    [TestCase(0, 20.0, 40.0, Description = "20/s is over it: (1,000 - 200) / 20")]
    [TestCase(1, 20.0, null, Description = "tcp_tw_reuse 1 takes TIME_WAIT over after about a second")]
    public void Forecast_FollowsTheRangeOverTimeWaitRule(int reuse, double rate, double? expected)
    {
        var row = TwoSamples(Remote, reuse, rate);

        Assert.That(row.SecondsToExhaustion, Is.EqualTo(expected));
    }

    [Test]
    public void Forecast_TwReuse2_AppliesToLoopbackOnly()
    {
        Assert.That(TwoSamples(Loopback, 2, 20).SecondsToExhaustion, Is.Null, "loopback: reused after a second");
        Assert.That(TwoSamples(Remote, 2, 20).SecondsToExhaustion, Is.EqualTo(40), "remote: the full 60 s");
    }

    [Test]
    public void Next_ShowsTheMostUsedDestinationsFirst_UpToTop()
    {
        var (watcher, _) = Watcher(tcpTwReuse: 0);
        var table = new Dictionary<DestinationKey, DestinationSockets>
        {
            [Remote] = Sockets(timeWait: 5, Enumerable.Range(40000, 5)),
            [Loopback] = Sockets(timeWait: 50, Enumerable.Range(41000, 50)),
            [Key("10.0.0.5", "10.0.0.10", 443)] = Sockets(timeWait: 7, Enumerable.Range(42000, 7)),
        };

        var rows = watcher.Next(table, top: 2);

        Assert.That(rows.Select(r => r.Row.InUse), Is.EqualTo(new[] { 50L, 7L }));
    }

    private static WatchRow TwoSamples(DestinationKey key, int reuse, double rate)
    {
        var (watcher, time) = Watcher(reuse);
        var before = (int)(200 - (rate * 10));
        watcher.Next(Table(key, timeWait: before, ports: Enumerable.Range(40000, before)), 10);
        time.Advance(TimeSpan.FromSeconds(10));
        return watcher.Next(Table(key, timeWait: 200, ports: Enumerable.Range(40000, 200)), 10).Single().Row;
    }

    private static (Watcher, FakeTimeProvider) Watcher(int tcpTwReuse)
    {
        var time = new FakeTimeProvider();
        var facts = HostFactsReader.Read() with { EphemeralPortRange = new PortRange(40000, 40999), TcpTwReuse = tcpTwReuse, TimeWaitSeconds = 60 };
        return (new Watcher(facts, time), time);
    }

    private static Dictionary<DestinationKey, DestinationSockets> Table(DestinationKey key, int timeWait, IEnumerable<int> ports) =>
        new() { [key] = Sockets(timeWait, ports) };

    private static DestinationSockets Sockets(int timeWait, IEnumerable<int> ports)
    {
        var sockets = new DestinationSockets { TimeWait = timeWait };
        foreach (var port in ports)
        {
            sockets.AddPort(port);
        }

        return sockets;
    }

    private static DestinationKey Key(string source, string destination, int port) =>
        DestinationKey.From(AddressFamily.InterNetwork, IPAddress.Parse(source).GetAddressBytes(), IPAddress.Parse(destination).GetAddressBytes(), port);
}
