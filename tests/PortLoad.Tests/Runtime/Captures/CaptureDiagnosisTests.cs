using System.Net;
using PortLoad.Captures;
using PortLoad.Sampling;

namespace PortLoad.Tests.Runtime.Captures;

/// <summary>The systems' rules on captures of known sockets: Linux's space per destination, Windows' and macOS' one space for all.</summary>
public class CaptureDiagnosisTests
{
    private static readonly IPAddress Client = IPAddress.Parse("10.0.0.4");
    private static readonly IPAddress Api = IPAddress.Parse("52.239.1.10");
    private static readonly IPAddress Db = IPAddress.Parse("20.50.2.3");

    [Test]
    public void Windows_EveryDestinationsUsage_IsTheHosts_AndServerEndsAreLeftOut()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, CaptureSamples.WindowsNetstat);
        try
        {
            var capture = CaptureReader.Read(path);
            var diagnosis = new CaptureDiagnosis(capture);

            var snapshot = diagnosis.Diagnose(capture.Snapshots, top: 10).Single();

            Assert.That(diagnosis.SharedSpace, Is.True);
            Assert.That(snapshot.ClientPorts, Is.EqualTo(5), "50001-50005; 10.0.0.4:3389 is the server's end of an RDP session");
            Assert.That(snapshot.Destinations.Select(d => (d.Destination, d.Established, d.TimeWait, d.Other)), Is.EquivalentTo(new[]
            {
                ("52.239.1.10:443", 1L, 2L, 0L), ("20.50.2.3:1433", 1L, 0L, 0L), ("[fe80::2]:8080", 0L, 0L, 1L),
            }));
            Assert.That(snapshot.Destinations.Select(d => d.Usage).Distinct(), Is.EqualTo(new[] { Math.Round(5.0 / 16384, 4) }), "one space, 49152-65535");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Linux_EachDestinationHasItsOwnSpace()
    {
        var sockets = Ports(Api, 443, 40000, 300, TcpState.TimeWait).Concat(Ports(Db, 1433, 40000, 100, TcpState.Established)).ToList();
        var diagnosis = new CaptureDiagnosis(Linux([new CaptureSnapshot(null, sockets)]), new PortRange(40000, 40999));

        var rows = diagnosis.Diagnose([new CaptureSnapshot(null, sockets)], top: 10).Single().Destinations;

        Assert.That(rows.Select(r => (r.Destination, r.InUse, r.Usage)), Is.EqualTo(new[] { ("52.239.1.10:443", 300L, 0.3), ("20.50.2.3:1433", 100L, 0.1) }), "the same local ports towards two destinations");
    }

    [Test]
    public void ASeries_GivesNewConnectionsASecond_AndTheForecast()
    {
        var at = new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);
        CaptureSnapshot[] snapshots =
        [
            new(at, [.. Ports(Api, 443, 40000, 200, TcpState.TimeWait)]),
            new(at.AddSeconds(10), [.. Ports(Api, 443, 40000, 700, TcpState.TimeWait)]),
        ];
        var diagnosis = new CaptureDiagnosis(Linux(snapshots) with { TcpTwReuse = 0 }, new PortRange(40000, 40999));

        var last = diagnosis.Diagnose(snapshots, top: 10)[^1];

        var row = last.Destinations.Single();
        Assert.That((last.Seconds, row.New, row.NewPerSecond), Is.EqualTo(((double?)10, 500L, 50.0)));
        Assert.That(row.SecondsToExhaustion, Is.EqualTo(6.0), "300 ports left at 50/s, above 1,000 / 60 s");
    }

    [Test]
    public void TheOwner_IsTheProcessHoldingMostOfADestinationsSockets()
    {
        List<CapturedSocket> sockets =
        [
            new(Client, 40001, Api, 443, TcpState.Established, "java (7)"),
            new(Client, 40002, Api, 443, TcpState.Established, "java (7)"),
            new(Client, 40003, Api, 443, TcpState.Established, "curl (9)"),
        ];
        var diagnosis = new CaptureDiagnosis(Linux([new CaptureSnapshot(null, sockets)]));

        Assert.That(diagnosis.Diagnose([new CaptureSnapshot(null, sockets)], top: 10).Single().Destinations.Single().Process, Is.EqualTo("java (7)"));
    }

    private static Capture Linux(IReadOnlyList<CaptureSnapshot> snapshots) => new("test", CaptureFormat.Ss, snapshots, []);

    private static IEnumerable<CapturedSocket> Ports(IPAddress destination, int port, int first, int count, TcpState state) =>
        Enumerable.Range(first, count).Select(p => new CapturedSocket(Client, p, destination, port, state));
}
