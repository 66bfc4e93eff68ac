using System.Globalization;
using System.Text.Json;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Results;

public class ExporterTests
{
    [Test]
    public void TimeSeriesCsv_WritesDocumentedColumnsAndInvariantNumbers()
    {
        var text = Export(new TimeSeriesCsvExporter(), CultureInfo.InvariantCulture);

        Assert.That(text.Split('\n')[0], Does.StartWith("strategy,t,offered,attempted,succeeded,failed,EADDRNOTAVAIL,EADDRINUSE,ECONNREFUSED,ETIMEDOUT,timeWait,established,p50Ms,p99Ms"));
        Assert.That(text.Split('\n')[0], Does.EndWith(",retries,HTTP_429,HTTP_503,HTTP_4xx,HTTP_5xx,HTTP_UNEXPECTED,timeWaitOthers,ENOBUFS"), "columns added later go last");
        Assert.That(text.Split('\n')[1], Is.EqualTo("per-request,1.25,50,50,44,6,12,0,1,0,44,1,0.125,2.75,0,0,0,45,1.5,0,7,0,0,0,0,0,2,0"));
    }

    [TestCase("de-DE")]
    [TestCase("fr-FR")]
    public void Exporters_CommaDecimalCulture_WriteTheSameBytes(string culture)
    {
        foreach (var exporter in ResultExporters.All)
        {
            Assert.That(Export(exporter, new CultureInfo(culture)), Is.EqualTo(Export(exporter, CultureInfo.InvariantCulture)), exporter.FileName);
        }
    }

    [Test]
    public void SummaryJson_HasTheDocumentedShape()
    {
        using var json = JsonDocument.Parse(Export(new SummaryJsonExporter(), CultureInfo.InvariantCulture));
        var root = json.RootElement;
        var strategy = root.GetProperty("strategies")[0];

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("mode").GetString(), Is.EqualTo("measured"));
            Assert.That(root.GetProperty("host").GetProperty("ephemeralPortRange").GetProperty("size").GetInt32(), Is.EqualTo(100));
            Assert.That(root.GetProperty("host").GetProperty("namespace").GetString(), Is.EqualTo("host"));
            Assert.That(strategy.GetProperty("requests").GetProperty("attempted").GetInt64(), Is.EqualTo(100));
            Assert.That(strategy.GetProperty("failures").GetProperty("EADDRNOTAVAIL").GetInt64(), Is.EqualTo(12));
            Assert.That(strategy.GetProperty("firstFailureSeconds").GetDouble(), Is.EqualTo(1.25));
            Assert.That(strategy.GetProperty("timeWait").GetProperty("peak").GetInt64(), Is.EqualTo(87));
            Assert.That(strategy.GetProperty("throughput").GetProperty("achievedPerSecond").GetDouble(), Is.EqualTo(34.8));
            Assert.That(strategy.GetProperty("latencyMs").GetProperty("p99").GetDouble(), Is.EqualTo(2.75));
        });
    }

    [Test]
    public void SummaryJson_RoundTrips()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portload-test-" + Guid.NewGuid().ToString("N"));
        var run = SampleRuns.Create();

        ResultExporters.Writer.Write(run, folder);
        var read = SummaryJsonExporter.Read(Path.Combine(folder, "summary.json"));

        Assert.That(read.Strategies[0].Requests, Is.EqualTo(run.Summary.Strategies[0].Requests));
        Assert.That(read.Host.EphemeralPortRange, Is.EqualTo(run.Summary.Host.EphemeralPortRange));
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void Write_SimulatedRun_WritesEachStrategysLatencyDistribution()
    {
        var scenario = new global::PortLoad.Scenarios.ScenarioParser(new global::PortLoad.Scenarios.ScenarioLimits()).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "quickstart.json"));
        var run = global::PortLoad.Simulation.ScenarioSimulator.Run(scenario, TimeSpan.FromMilliseconds(250), SampleRuns.Create().Summary.StartedAt);
        var folder = Path.Combine(Path.GetTempPath(), "portload-test-" + Guid.NewGuid().ToString("N"));

        ResultExporters.Writer.Write(run, folder);

        try
        {
            foreach (var strategy in run.Summary.Strategies)
            {
                var hgrm = File.ReadAllText(Path.Combine(folder, $"{strategy.Name}.latency.hgrm"));
                Assert.That(hgrm, Does.Match(@"Total count\s+=\s+" + strategy.Requests.Succeeded + @"\]"), strategy.Name);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Write_NewFolder_LeavesNoStagingFolderBehind()
    {
        var parent = Path.Combine(Path.GetTempPath(), "portload-test-" + Guid.NewGuid().ToString("N"));
        var folder = ResultsFolders.Default(parent, "sample", SampleRuns.Create().Summary.StartedAt);

        ResultExporters.Writer.Write(SampleRuns.Create(), folder);

        Assert.That(Path.GetFileName(folder), Is.EqualTo("sample-20261122-103000"));
        Assert.That(Directory.GetFileSystemEntries(parent).Select(Path.GetFileName), Is.EqualTo(new[] { "sample-20261122-103000" }));
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName).Order(), Is.EqualTo(new[]
        {
            "failures.svg", "latency.svg", "report.html", "report.md", "report.pdf", "summary.json", "throughput.svg",
            "timeseries-predicted.csv", "timeseries.csv", "timewait.svg",
        }));
        Directory.Delete(parent, recursive: true);
    }

    private static string Export(IResultExporter exporter, CultureInfo culture)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            if (exporter is ITextResultExporter text)
            {
                using var writer = new StringWriter(CultureInfo.InvariantCulture);
                text.Write(SampleRuns.Create(), writer);
                return writer.ToString();
            }

            using var stream = new MemoryStream();
            exporter.Export(SampleRuns.Create(), stream);
            return Convert.ToBase64String(stream.ToArray());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Test]
    public void TimeSeriesCsv_ReadsBackWhatItWrote()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portload-test-" + Guid.NewGuid().ToString("N"));
        var run = SampleRuns.Create();

        ResultExporters.Writer.Write(run, folder);
        var read = ResultsFolder.Read(folder);
        Directory.Delete(folder, recursive: true);

        Assert.That(read.Rows.Single() with { Failures = run.Rows[0].Failures }, Is.EqualTo(run.Rows[0]));
        Assert.That(read.Rows.Single().Failures, Is.EquivalentTo(run.Rows[0].Failures));
    }
}
