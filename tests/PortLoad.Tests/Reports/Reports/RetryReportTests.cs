using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Reports;

public class RetryReportTests
{
    private static readonly Lazy<ScenarioRun> RetryStorm = new(() => ScenarioSimulator.Run(
        new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "retry-storm.json")),
        TimeSpan.FromMilliseconds(250),
        DateTimeOffset.UnixEpoch));

    [Test]
    public void Markdown_WithRetries_ListsWhatTheyDid()
    {
        using var writer = new StringWriter();
        new MarkdownReportExporter().Write(RetryStorm.Value, writer);
        var markdown = writer.ToString();

        Assert.That(markdown, Does.Contain("| attempts | - | 9,000 |"));
        Assert.That(markdown, Does.Contain("| every try failed | - | 2,000 |"));
        Assert.That(markdown, Does.Contain("| short-circuited | - | 0 | 1,9"));
    }

    [Test]
    public void ThroughputChart_DrawsRetriesAsTheirOwnSeries()
    {
        var chart = ReportCharts.Throughput(RetryStorm.Value);

        var retries = chart.Series.Single(s => s.Name == "per-request-retry retries");
        Assert.That(retries.Points.Max(p => p.Y), Is.EqualTo(600).Within(60), "three retries per failing request at 200 requests/s");
        Assert.That(chart.Series.Select(s => s.Name), Does.Not.Contain("per-request retries"), "a strategy with no pipeline has no retries series");
    }
}
