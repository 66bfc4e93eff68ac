using System.Diagnostics;
using System.Text.Json;
using PortLoad.Captures;
using PortLoad.Isolation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Runtime.Captures;

/// <summary>
/// Linux captures taken for real, in a namespace of the test's own (range 40000-44999, tcp_tw_reuse 0): a per-request
/// run of 100 connections a second for 4 s, closed by the client, leaves its connections in TIME_WAIT; <c>ss -tan</c>,
/// <c>ss -tanp</c>, <c>netstat -tan</c>, <c>netstat -tanp</c> and <c>/proc/net/tcp</c>, taken one after another once it
/// ended, must each show exactly the connections the run says it opened, and a series taken while it ran must show them
/// arriving.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class RealCaptureTests
{
    private const string Scenario = """
        { "name": "capture", "target": { "server": "embedded", "protocol": "tcp-echo" },
          "load": [ { "inject": { "rate": 100, "during": "4s" } } ],
          "request": { "timeout": "2s" },
          "strategies": [ { "name": "per-request", "connections": "per-request", "closeBy": "client" } ] }
        """;

    private string _folder = "";

    [OneTimeSetUp]
    public async Task Capture()
    {
        Namespaces.RequireOrIgnore();
        if (!File.Exists("/usr/bin/netstat") && !File.Exists("/bin/netstat"))
        {
            Assert.Ignore("needs net-tools' netstat (apt-get install net-tools; .ci/run installs it)");
        }

        _folder = Directory.CreateTempSubdirectory("portload-captures-").FullName;
        File.WriteAllText(Path.Combine(_folder, "scenario.json"), Scenario);
        var command = ChildCommand.For(typeof(PortLoad.Cli.Program).Assembly);
        var portload = string.Join(' ', new[] { command.FileName }.Concat(command.Arguments).Select(CliProcess.Quote));
        File.WriteAllText(Path.Combine(_folder, "capture.sh"), $"""
            set -e
            cd {CliProcess.Quote(_folder)}
            ip link set lo up
            sysctl -qw net.ipv4.ip_local_port_range="40000 44999" net.ipv4.tcp_tw_reuse=0
            timeout 60 {portload} run scenario.json --no-live --out out > run.log 2>&1 &
            sleep 3
            for i in 1 2 3; do date; ss -tan; sleep 1; done > series.txt
            wait
            (sysctl net.ipv4.ip_local_port_range net.ipv4.tcp_tw_reuse; ss -tan) > ss.txt
            ss -tanp > ssp.txt; netstat -tan > netstat.txt; netstat -tanp > netstatp.txt; cat /proc/net/tcp /proc/net/tcp6 > proc.txt
            """);
        var start = new ProcessStartInfo("unshare", Environment.UserName == "root" ? ["--net", "bash", "capture.sh"] : ["--net", "--map-root-user", "bash", "capture.sh"])
        {
            WorkingDirectory = _folder,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(limit.Token);
        Assert.That(process.ExitCode, Is.Zero, await errors + File.ReadAllText(Path.Combine(_folder, "run.log")));
    }

    [OneTimeTearDown]
    public void Remove()
    {
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestCase("ss.txt", CaptureFormat.Ss)]
    [TestCase("ssp.txt", CaptureFormat.Ss)]
    [TestCase("netstat.txt", CaptureFormat.NetstatLinux)]
    [TestCase("netstatp.txt", CaptureFormat.NetstatLinux)]
    [TestCase("proc.txt", CaptureFormat.ProcNetTcp)]
    public void EachCapture_ShowsTheConnectionsTheRunOpened(string file, CaptureFormat format)
    {
        var capture = CaptureReader.Read(Path.Combine(_folder, file), strict: true);
        var snapshot = new CaptureDiagnosis(capture).Diagnose(capture.Snapshots, top: 10).Single();

        var row = snapshot.Destinations.Single();
        Assert.That(capture.Format, Is.EqualTo(format));
        Assert.That((row.Source, row.TimeWait, row.Established), Is.EqualTo(("127.0.0.1", Opened(), 0L)), "the embedded server's end is gone with its listener");
        Assert.That(row.Destination, Does.StartWith("127.0.0.1:"));
    }

    [Test]
    public void TheCaptureWithItsSettings_UsesTheNamespacesRange()
    {
        var capture = CaptureReader.Read(Path.Combine(_folder, "ss.txt"));
        var row = new CaptureDiagnosis(capture).Diagnose(capture.Snapshots, top: 10).Single().Destinations.Single();

        Assert.That((capture.Range, capture.TcpTwReuse, row.PortSpace), Is.EqualTo((new PortRange(40000, 44999), (int?)0, 5000L)));
    }

    [Test]
    public void ASeriesTakenWhileItRan_ShowsTheConnectionsArriving()
    {
        var capture = CaptureReader.Read(Path.Combine(_folder, "series.txt"), strict: true);
        var snapshots = new CaptureDiagnosis(capture).Diagnose(capture.Snapshots, top: 10);

        var timeWait = snapshots.Select(s => s.Destinations.SingleOrDefault()?.TimeWait ?? 0).ToList();
        TestContext.Out.WriteLine($"series: TIME_WAIT {string.Join(", ", timeWait)}; new/s {string.Join(", ", snapshots.Select(s => s.Destinations.SingleOrDefault()?.NewPerSecond))}");
        Assert.That(snapshots.Select(s => s.At), Has.All.Not.Null);
        Assert.That(timeWait, Is.Ordered.And.All.LessThanOrEqualTo(Opened()));
        Assert.That(snapshots[^1].Destinations.Single().NewPerSecond, Is.GreaterThan(0), "the run was sending: ports not held a snapshot before");
    }

    private long Opened()
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "out", "summary.json")));
        return summary.RootElement.GetProperty("strategies")[0].GetProperty("connectionsOpened").GetInt64();
    }
}
