using System.Net;
using PortLoad.Captures;
using PortLoad.Sampling;

namespace PortLoad.Tests.Runtime.Captures;

/// <summary>What diagnose says, from known captures: each recommendation only where the capture shows its cause.</summary>
public class CaptureFindingsTests
{
    private static readonly IPAddress Client = IPAddress.Parse("10.0.0.4");
    private static readonly IPAddress Api = IPAddress.Parse("52.239.1.10");

    [Test]
    public void AQuietHost_HasNoSignOfExhaustion()
    {
        var findings = Findings(CaptureFormat.Ss, Snapshot(0, Sockets(100, TcpState.TimeWait)));

        Assert.That(findings, Has.Count.EqualTo(1).And.Some.Contains("no sign of exhaustion"));
    }

    [Test]
    public void LinuxChurnTowardsARemoteHost_PoolsServerClosesMoreTuplesAndTcpTwReuse()
    {
        var findings = Findings(CaptureFormat.Ss, Snapshot(0, Sockets(10_000, TcpState.TimeWait)), Snapshot(10, Sockets(20_000, TcpState.TimeWait)));

        Assert.That(findings, Has.Some.Contains("runs out in about"));
        Assert.That(findings, Has.Some.StartsWith("Recommendation: pool connections").And.Some.StartsWith("Recommendation: let the server close first"));
        Assert.That(findings, Has.Some.Contains("needs about 60,000 ports"), "1,000 new/s held 60 s");
        Assert.That(findings, Has.Some.StartsWith("Recommendation, with care: net.ipv4.tcp_tw_reuse = 1"));
        Assert.That(findings[^1], Does.Contain("k6"));
    }

    [Test]
    public void LoopbackWithTcpTwReuse2_DoesNotRunOut_AndNeedsNoRemedy()
    {
        var loopback = Enumerable.Range(32768, 12_000).Select(p => new CapturedSocket(IPAddress.Loopback, p, IPAddress.Loopback, 8080, TcpState.TimeWait)).ToList();

        var findings = Findings(CaptureFormat.Ss, Snapshot(0, loopback));

        Assert.That(findings, Has.Count.EqualTo(2));
        Assert.That(findings[1], Does.StartWith("net.ipv4.tcp_tw_reuse = 2 lets a new connection to 127.0.0.1:8080 take over"));
    }

    [Test]
    public void Windows_SaysTheSharedSpace_AndItsOwnIncident_ButNoLinuxKnobs()
    {
        var findings = Findings(CaptureFormat.NetstatWindows, Snapshot(0, Sockets(9_000, TcpState.TimeWait)));

        Assert.That(findings[0], Does.Contain("of the 16,384 ports every destination shares (windows)"));
        Assert.That(findings, Has.None.Contains("tcp_tw_reuse").And.None.Contains("4-tuples"));
        Assert.That(findings[^1], Does.Contain("WSAENOBUFS"));
    }

    [Test]
    public void NoPortTowardsTwoDestinations_WithHalfTheRangeHeld_IsNamedBind()
    {
        var db = IPAddress.Parse("20.50.2.3");
        var bound = Sockets(8_000, TcpState.TimeWait).Concat(Enumerable.Range(40768, 8_000).Select(p => new CapturedSocket(Client, p, db, 5432, TcpState.TimeWait))).ToList();
        var shared = Sockets(8_000, TcpState.TimeWait).Concat(Enumerable.Range(32768, 8_000).Select(p => new CapturedSocket(Client, p, db, 5432, TcpState.TimeWait))).ToList();

        Assert.That(Findings(CaptureFormat.Ss, Snapshot(0, bound))[0], Does.Contain("look chosen by bind() before connect()").And.Contain("neper"));
        Assert.That(Findings(CaptureFormat.Ss, Snapshot(0, shared)), Has.None.Contains("bind()"), "the same ports towards both: connect() chose them");
        Assert.That(Findings(CaptureFormat.NetstatWindows, Snapshot(0, bound)), Has.None.Contains("bind()"), "Windows shares one space anyway");
    }

    [Test]
    public void HeldConnections_AreNotTakenForChurn()
    {
        var findings = Findings(CaptureFormat.Ss, Snapshot(0, Sockets(10_000, TcpState.Established)));

        Assert.That(findings, Has.Some.StartsWith("Recommendation: find what holds 10,000 connections open"));
        Assert.That(findings, Has.None.StartsWith("Recommendation: pool connections"));
    }

    private static List<string> Findings(CaptureFormat format, params CaptureSnapshot[] snapshots)
    {
        var diagnosis = new CaptureDiagnosis(new Capture("test", format, snapshots, []) { TcpTwReuse = format == CaptureFormat.Ss ? 2 : null });
        return [.. CaptureFindings.For(diagnosis, diagnosis.Diagnose(snapshots, top: 10)[^1])];
    }

    private static CaptureSnapshot Snapshot(int seconds, IReadOnlyList<CapturedSocket> sockets) =>
        new(new DateTimeOffset(2026, 12, 3, 12, 0, seconds, TimeSpan.Zero), sockets);

    private static List<CapturedSocket> Sockets(int count, TcpState state) =>
        [.. Enumerable.Range(32768, count).Select(p => new CapturedSocket(Client, p, Api, 443, state))];
}
