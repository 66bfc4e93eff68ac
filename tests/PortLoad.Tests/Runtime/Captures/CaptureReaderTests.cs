using System.Net;
using System.Text;
using PortLoad.Captures;
using PortLoad.Sampling;

namespace PortLoad.Tests.Runtime.Captures;

/// <summary>Each format read, told apart without --format, and every kind of bad input named with its file and line.</summary>
public class CaptureReaderTests
{
    private readonly List<string> _files = [];

    [TearDown]
    public void RemoveFiles() => _files.ForEach(File.Delete);

    [TestCase(CaptureSamples.WindowsNetstat, CaptureFormat.NetstatWindows, 9)]
    [TestCase(CaptureSamples.PowerShellCsv, CaptureFormat.PowerShellCsv, 5)]
    [TestCase(CaptureSamples.PowerShellJson, CaptureFormat.PowerShellJson, 3)]
    [TestCase(CaptureSamples.MacNetstat, CaptureFormat.NetstatBsd, 6)]
    public void Read_TellsTheToolApart_AndReadsEverySocket(string text, CaptureFormat format, int sockets)
    {
        var capture = CaptureReader.Read(Write(text));

        Assert.That(capture.Format, Is.EqualTo(format));
        Assert.That(capture.Snapshots.Single().Sockets, Has.Count.EqualTo(sockets), "UDP lines and headers are no sockets");
        Assert.That(capture.Skipped, Is.Empty);
    }

    [Test]
    public void Windows_ReadsBracketedIPv6_Zones_AndThePid()
    {
        var sockets = CaptureReader.Read(Write(CaptureSamples.WindowsNetstat)).Snapshots.Single().Sockets;

        Assert.That(sockets, Does.Contain(new CapturedSocket(IPAddress.Parse("10.0.0.4"), 50001, IPAddress.Parse("52.239.1.10"), 443, TcpState.TimeWait)));
        Assert.That(sockets, Does.Contain(new CapturedSocket(IPAddress.Parse("fe80::1"), 50005, IPAddress.Parse("fe80::2"), 8080, TcpState.SynSent, "pid 4321")));
        Assert.That(sockets.Count(s => s.State == TcpState.Listen), Is.EqualTo(3));
    }

    [Test]
    public void MacOs_ReadsAddressDotPort_AndStarForAny()
    {
        var sockets = CaptureReader.Read(Write(CaptureSamples.MacNetstat)).Snapshots.Single().Sockets;

        Assert.That(sockets, Does.Contain(new CapturedSocket(IPAddress.Parse("192.168.1.5"), 50001, IPAddress.Parse("17.253.1.2"), 443, TcpState.TimeWait)));
        Assert.That(sockets, Does.Contain(new CapturedSocket(IPAddress.Any, 22, IPAddress.Any, 0, TcpState.Listen)));
        Assert.That(sockets, Does.Contain(new CapturedSocket(IPAddress.Parse("fe80::1"), 49152, IPAddress.Parse("fe80::1"), 631, TcpState.Established)));
    }

    [Test]
    public void PowerShell_StatesByNameAndByNumber_AreTheSame()
    {
        var csv = CaptureReader.Read(Write(CaptureSamples.PowerShellCsv)).Snapshots.Single().Sockets;
        var json = CaptureReader.Read(Write(CaptureSamples.PowerShellJson)).Snapshots.Single().Sockets;

        Assert.That(json, Is.SubsetOf(csv));
        Assert.That(json[0], Is.EqualTo(new CapturedSocket(IPAddress.Parse("10.0.0.4"), 50001, IPAddress.Parse("52.239.1.10"), 443, TcpState.TimeWait)));
        Assert.That(json[1].Process, Is.EqualTo("pid 4321"));
    }

    [Test]
    public void MixedLineEndings_AsCapturesPastedTogetherHaveThem_AreRead()
    {
        var mixed = string.Join("", CaptureSamples.WindowsNetstat.Split("\r\n").Select((line, i) => line + (i % 2 == 0 ? "\n" : "\r\n")));

        Assert.That(CaptureReader.Read(Write(mixed)).Snapshots.Single().Sockets, Has.Count.EqualTo(9));
    }

    [Test]
    public void UnicodeWithAByteOrderMark_AsWindowsPowerShellRedirects_IsRead()
    {
        var path = Write("");
        File.WriteAllText(path, CaptureSamples.WindowsNetstat, Encoding.Unicode);

        Assert.That(CaptureReader.Read(path).Snapshots.Single().Sockets, Has.Count.EqualTo(9));
    }

    [Test]
    public void DateLines_SplitASeries_AndSettingsLinesGiveTheRange()
    {
        var text = """
            net.ipv4.ip_local_port_range = 40000	40999
            net.ipv4.tcp_tw_reuse = 0
            Thu Dec  3 16:15:51 UTC 2026
            State     Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
            TIME-WAIT 0      0          127.0.0.1:40001    127.0.0.1:8080
            Thu Dec  3 16:16:01 UTC 2026
            State     Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
            TIME-WAIT 0      0          127.0.0.1:40001    127.0.0.1:8080
            ESTAB     0      0          [::1]:40002        [::1]:8080       users:(("curl",pid=1234,fd=3))
            """;

        var capture = CaptureReader.Read(Write(text));

        Assert.That(capture.Snapshots.Select(s => s.At), Is.EqualTo(new DateTimeOffset?[] { new DateTimeOffset(2026, 12, 3, 16, 15, 51, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 16, 16, 1, TimeSpan.Zero) }));
        Assert.That(capture.Snapshots.Select(s => s.Sockets.Count), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(capture.Snapshots[1].Sockets[1].Process, Is.EqualTo("curl (1234)"));
        Assert.That((capture.Range, capture.TcpTwReuse), Is.EqualTo((new PortRange(40000, 40999), (int?)0)));
    }

    [TestCase("\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\nStart Port      : 50000\r\nNumber of Ports : 15536\r\n", 50000, 65535)]
    [TestCase("net.inet.ip.portrange.first: 32768\nnet.inet.ip.portrange.last: 65535\n", 32768, 65535)]
    public void OtherSystemsRanges_AreRead(string settings, int low, int high)
    {
        var capture = CaptureReader.Read(Write(settings + CaptureSamples.WindowsNetstat));

        Assert.That((capture.Range, capture.Skipped.Count), Is.EqualTo((new PortRange(low, high), 0)), "netsh's title and rule are its, not bad lines");
    }

    [TestCase("", "empty")]
    [TestCase("\n  \n", "empty")]
    [TestCase("hello\nworld\n", "cannot tell which tool printed it")]
    public void UnreadableCaptures_AreRefused_NamingTheFile(string text, string expected)
    {
        var path = Write(text);

        Assert.That(() => CaptureReader.Read(path), Throws.TypeOf<CaptureException>().With.Message.StartsWith(path + ": ").And.Message.Contains(expected));
    }

    [Test]
    public void ABinaryFile_IsRefused()
    {
        var path = Write("");
        File.WriteAllBytes(path, [0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]);

        Assert.That(() => CaptureReader.Read(path), Throws.TypeOf<CaptureException>().With.Message.Contains("a binary file"));
    }

    [Test]
    public void AFileOver200MB_IsRefusedBeforeReading()
    {
        var path = Write("");
        using (var file = File.OpenWrite(path))
        {
            file.SetLength(CaptureReader.MaxBytes + 1); // sparse: nothing is written
        }

        Assert.That(() => CaptureReader.Read(path), Throws.TypeOf<CaptureException>().With.Message.Contains("at most 200 MB"));
    }

    [Test]
    public void BadLines_AreSkippedAndCounted_OrRefusedWhenStrict()
    {
        var text = CaptureSamples.WindowsNetstat
            + "  TCP    10.0.0.4:70000         52.239.1.10:443        TIME_WAIT       0\r\n"
            + "  TCP    10.0.0.4:50009\r\n"
            + "  TCP    10.0.0.4:50010         52.239.1.10:443        NOT_A_STATE     0\r\n";
        var path = Write(text);

        var capture = CaptureReader.Read(path);

        Assert.That(capture.Snapshots.Single().Sockets, Has.Count.EqualTo(9), "the good lines");
        Assert.That(capture.Skipped.Select(s => s.At), Is.EqualTo(new[] { "line 15", "line 16", "line 17" }));
        Assert.That(capture.Skipped[0].Reason, Does.Contain("'10.0.0.4:70000' is no address:port (port 0 to 65535)"));
        Assert.That(() => CaptureReader.Read(path, strict: true), Throws.TypeOf<CaptureException>().With.Message.EqualTo($"{path}: line 15: {capture.Skipped[0].Reason}"));
    }

    [Test]
    public void AJsonCapture_NamesTheEntry()
    {
        var capture = CaptureReader.Read(Write("""[{ "LocalAddress": "10.0.0.4", "LocalPort": 99999, "RemoteAddress": "1.2.3.4", "RemotePort": 443, "State": 5 }]"""));

        Assert.That(capture.Skipped.Single().At, Is.EqualTo("$[0]"));
    }

    private string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"portload-capture-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        _files.Add(path);
        return path;
    }
}
