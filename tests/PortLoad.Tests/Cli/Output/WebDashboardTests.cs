using System.Globalization;
using Microsoft.Playwright;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli.Output;

/// <summary>
/// The presenter's view: <c>run scenarios/workshop/01-... --web --parallel</c> opened in real headless Chromium:
/// both strategies on the page at once, their figures moving, the first EADDRNOTAVAIL marked, the report at the end.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Browser)]
[Category(TestCategories.RealLoad)]
public class WebDashboardTests
{
    [Test]
    public async Task Page_ShowsBothStrategiesLive_ThenTheReport()
    {
        Namespaces.RequireOrIgnore();
        var port = Loopback.UnusedEndPoint().Port;
        var output = Path.Combine(Path.GetTempPath(), "portload-web-" + Guid.NewGuid().ToString("N"));
        var scenario = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "workshop", "01-pooling-vs-per-request.json");
        using var run = CliProcess.Start("", "run", scenario, "--web", "--web-port", port.ToString(CultureInfo.InvariantCulture), "--parallel", "--no-live", "--web-linger", "60s", "--out", output);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await HeadlessChromium.LaunchAsync(playwright);
            var errors = new List<string>();
            var page = await HeadlessChromium.PageAsync(browser, errors, 1920, 1080);
            await HeadlessChromium.OpenWhenUpAsync(page, $"http://127.0.0.1:{port}/", TimeSpan.FromSeconds(20));
            var perRequest = page.Locator(".strategy[data-strategy='per-request'] .ports");
            await perRequest.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
            var first = await perRequest.InnerTextAsync();
            await page.WaitForTimeoutAsync(1500);
            var second = await perRequest.InnerTextAsync();
            var strategies = await page.Locator(".strategy h2").AllInnerTextsAsync();
            // Measured in one step inside the page: each update replaces the chart's SVG, so a handle taken
            // before measuring can be detached by the time it is measured.
            var chartWidth = await page.EvaluateAsync<double>(
                "() => document.querySelector(\".strategy[data-strategy='per-request'] .chart svg\")?.getBoundingClientRect().width ?? 0");

            var marker = page.Locator(".strategy[data-strategy='per-request'] .first");
            await marker.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 20_000 });
            var report = page.FrameLocator("#report iframe").Locator("h1");
            await report.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "portload-web.png"), FullPage = true });

            Assert.Multiple(async () =>
            {
                Assert.That(strategies, Is.EqualTo(new[] { "per-request", "pooled" }), "both at once: --parallel");
                Assert.That(second, Is.Not.EqualTo(first), "the figures move while the run goes on");
                Assert.That(chartWidth, Is.GreaterThan(300), "a chart is drawn");
                Assert.That(await marker.InnerTextAsync(), Does.Match(@"first EADDRNOTAVAIL at [45]\.\d\d s"));
                Assert.That(await report.InnerTextAsync(), Does.Contain("PortLoad report"));
                Assert.That(errors, Is.Empty);
            });
        }
        finally
        {
            run.Kill(entireProcessTree: true);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
