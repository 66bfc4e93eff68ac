using System.Globalization;
using PortLoad.Load;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary>
/// One scenario's load split across processes, as pods or machines run it: the segments' merged results are the
/// single process's, and segments sharing one namespace hold more connections to one port than one process could.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class SegmentRunTests
{
    private string _folder = "";

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("portload-segments-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task ThreeSegmentsInThreeNamespaces_MergeToTheSingleProcessRun()
    {
        Namespaces.RequireOrIgnore();
        var file = Path.Combine(_folder, "split.json");
        await File.WriteAllTextAsync(file, """
            { "name": "split", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 44999], "tcpTwReuse": 0 },
              "parallel": true, "warmUp": null,
              "load": [ { "inject": { "rate": 300, "during": "4s" } } ],
              "strategies": [ { "name": "per-request", "connections": "per-request" }, { "name": "pooled", "connections": "pooled", "poolSize": 4 } ] }
            """);
        var whole = Path.Combine(_folder, "whole");
        var (code, output) = await CliProcess.RunAsync("", TimeSpan.FromMinutes(2), "run", file, "--no-live", "--out", whole);
        Assert.That(code, Is.Zero, output);

        var startAt = TimeProvider.System.GetUtcNow().AddSeconds(6).ToString("O", CultureInfo.InvariantCulture);
        var segments = Enumerable.Range(0, 3).Select(i => Path.Combine(_folder, $"segment-{i}")).ToList();
        var runs = segments.Select((dir, i) => CliProcess.RunAsync("", TimeSpan.FromMinutes(2), "run", file, "--segment", $"{i}/3", "--start-at", startAt, "--no-live", "--out", dir)).ToList();
        foreach (var run in runs)
        {
            var (c, o) = await run;
            Assert.That(c, Is.Zero, o);
        }

        var merged = Path.Combine(_folder, "merged");
        (code, output) = await CliProcess.RunAsync("", TimeSpan.FromMinutes(1), ["merge", .. segments, "--out", merged]);
        Assert.That(code, Is.Zero, output);

        var single = ResultsFolder.Read(whole).Summary.Strategies.ToDictionary(s => s.Name);
        var sum = ResultsFolder.Read(merged);
        var union = LatencyHistogram.FromLogs(segments.Select(d => File.ReadAllText(Path.Combine(d, "per-request.latency.hlog"))))!;
        Assert.Multiple(() =>
        {
            foreach (var s in sum.Summary.Strategies)
            {
                Assert.That(s.Requests.Attempted, Is.EqualTo(single[s.Name].Requests.Attempted).Within(single[s.Name].Requests.Attempted / 100), s.Name);
                Assert.That(s.Requests.Failed, Is.EqualTo(single[s.Name].Requests.Failed).Within(single[s.Name].Requests.Attempted / 100), s.Name);
                Assert.That(s.Throughput.AchievedPerSecond, Is.EqualTo(single[s.Name].Throughput.AchievedPerSecond).Within(single[s.Name].Throughput.AchievedPerSecond / 100), s.Name);
                Assert.That(s.Segments!.Select(x => x.Segment), Is.EqualTo(new[] { "0/3", "1/3", "2/3" }));
            }

            Assert.That(sum.Summary.MergedSegments, Is.EqualTo(3));
            Assert.That(sum.Summary.Strategies[0].LatencyMs.P99, Is.EqualTo(Math.Round(union.Percentile(99)!.Value.TotalMilliseconds, 3)), "the union's p99");
            Assert.That(File.Exists(Path.Combine(merged, "report.html")), Is.True);
        });
    }

    [Test]
    public async Task Beyond65535_TwelveSegmentsInOneNamespace_HoldMoreThan65535ConnectionsToOnePort()
    {
        Namespaces.RequireOrIgnore();
        if (Environment.UserName != "root")
        {
            Assert.Ignore("needs root: the segments enter one shared namespace with nsenter");
        }

        var output = Path.Combine(_folder, "beyond");
        var scenario = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "beyond-65535.json");

        var (code, printed) = await CliProcess.RunAsync("", TimeSpan.FromMinutes(5), "run", scenario, "--segments", "12", "--no-live", "--out", output);

        Assert.That(code, Is.Zero, printed);
        var held = ResultsFolder.Read(output).Summary.Strategies[0].Held!;
        Assert.Multiple(() =>
        {
            Assert.That(held.PeakHeld, Is.GreaterThan(65_535), "held by the clients at once");
            Assert.That(held.Server!.PeakOpen, Is.GreaterThan(65_535), "open at the server at once");
            Assert.That(held.Server.DistinctClients, Is.GreaterThan(65_535), "distinct (address, port) pairs");
            Assert.That(held.Server.SourceAddresses, Is.EqualTo(8));
            Assert.That(held.Destination, Does.EndWith(":8080"), "one server port");
            Assert.That(Directory.GetDirectories(Path.Combine(output, "segments")), Has.Length.EqualTo(12), "each segment's own results, moved into the run's folder");
            Assert.That(Directory.GetDirectories(_folder, "*.segments-*"), Is.Empty, "nothing left beside it");
        });
    }
}
