using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Reports;

public partial class HtmlReportTests
{
    [Test]
    public void Html_HasFindingsChartsAndTables_AndNothingExternal()
    {
        var html = Render(new HtmlReportExporter());

        Assert.That(html, Does.Contain("EADDRNOTAVAIL (out of source ports), the first after 5 s"));
        Assert.That(ChartIds().Matches(html).Select(m => m.Groups[1].Value), Is.EqualTo(new[] { "timewait", "throughput", "failures", "latency" }));
        Assert.That(html, Does.Contain("<table id=\"comparison\">"));
        Assert.That(Outside(html), Is.Empty, "a report opens offline: no scripts, nothing fetched");
    }

    // Regression: this check was once "Not.Contain(...).Or.Contain(svg namespace)", which always passed (NUnit2058).
    [TestCase("<script>alert(1)</script>", "<script")]
    [TestCase("<img src=\"https://example.com/x.png\">", "https://example.com/x.png")]
    [TestCase("<link href='http://cdn.example/c.css'>", "http://cdn.example/c.css")]
    public void Outside_SeesScriptsAndExternalUrls(string fragment, string expected)
    {
        var html = $"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>{fragment}";

        Assert.That(Outside(html), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void Markdown_LinksEveryChart()
    {
        var markdown = Render(new MarkdownReportExporter());

        Assert.That(markdown, Does.Contain("![timewait](timewait.svg)").And.Contain("![latency](latency.svg)"));
        Assert.That(markdown, Does.Contain("| EADDRNOTAVAIL | 2,000 | 0 | 0 |"));
    }

    /// <summary>The report as a person sees it: real headless Chromium, no console errors, every chart drawn.</summary>
    [Test]
    [Category(TestCategories.Browser)]
    public async Task Html_InChromium_ShowsEveryChartWithNoErrors()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portload-report-" + Guid.NewGuid().ToString("N"));
        ResultExporters.Writer.Write(Exhaustion(), folder);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var errors = new List<string>();
        var page = await HeadlessChromium.PageAsync(browser, errors);

        await page.GotoAsync(new Uri(Path.Combine(folder, "report.html")).AbsoluteUri);
        var sizes = new List<(float Width, float Height)>();
        foreach (var chart in await page.QuerySelectorAllAsync("figure.chart svg"))
        {
            var box = await chart.BoundingBoxAsync();
            sizes.Add((box?.Width ?? 0, box?.Height ?? 0));
        }

        var findings = await page.InnerTextAsync("#findings");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "portload-report.png"), FullPage = true });
        Directory.Delete(folder, recursive: true);

        Assert.That(errors, Is.Empty);
        Assert.That(sizes, Has.Count.EqualTo(4));
        Assert.That(sizes.All(s => s.Width > 100 && s.Height > 100), Is.True, string.Join(", ", sizes));
        Assert.That(findings, Does.Contain("EADDRNOTAVAIL"));
    }

    /// <summary>What in a page would run code or fetch from elsewhere: script tags and URLs other than the SVG namespace.</summary>
    private static List<string> Outside(string html) =>
    [
        .. Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Select(m => m.Value),
        .. Regex.Matches(html, @"https?://[^\s""'<>]+", RegexOptions.IgnoreCase).Select(m => m.Value).Where(url => url is not ("http://www.w3.org/2000/svg" or "http://www.w3.org/1999/xlink")), // namespace names, never fetched
    ];

    private static ScenarioRun Exhaustion()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "exhaustion.json"));
        return ScenarioSimulator.Run(scenario, TimeSpan.FromMilliseconds(250), new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
    }

    private static string Render(ITextResultExporter exporter)
    {
        using var writer = new StringWriter();
        exporter.Write(Exhaustion(), writer);
        return writer.ToString();
    }

    [GeneratedRegex("<figure class=\"chart\" id=\"([a-z]+)\">")]
    private static partial Regex ChartIds();
}
