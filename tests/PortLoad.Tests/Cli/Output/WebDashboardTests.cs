using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli.Output;

/// <summary>
/// The projector view: <c>run scenarios/workshop/01-... --web</c> (its strategies run at once) opened in real headless
/// Chromium at 1280x720 and 1920x1080, as a room sees it: both strategies side by side on one screen, nothing outside
/// it, no word under 18 px, both running, the same axes on both charts, the first EADDRNOTAVAIL marked on both, and
/// the report at the end, opened over the live view. Screenshots are kept with the test's results.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Browser)]
[Category(TestCategories.RealLoad)]
public class WebDashboardTests
{
    /// <summary>The screens a room is shown on: a small projector's and a large one's.</summary>
    public static readonly (int Width, int Height)[] Screens = [(1280, 720), (1920, 1080)];

    [Test]
    public async Task ProjectorView_BothStrategiesOnOneScreen_AtBothSizes_ThenTheReport()
    {
        Namespaces.RequireOrIgnore();
        var port = Loopback.UnusedEndPoint().Port;
        var output = Path.Combine(Path.GetTempPath(), "portload-web-" + Guid.NewGuid().ToString("N"));
        var scenario = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "workshop", "01-pooling-vs-per-request.json");
        using var run = CliProcess.Start("", "run", scenario, "--web", "--web-port", port.ToString(CultureInfo.InvariantCulture), "--no-live", "--web-linger", "60s", "--out", output);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await HeadlessChromium.LaunchAsync(playwright);
            var errors = new List<string>();
            var pages = new List<IPage>();
            foreach (var (width, height) in Screens)
            {
                var page = await HeadlessChromium.PageAsync(browser, errors, width, height);
                await HeadlessChromium.OpenWhenUpAsync(page, $"http://127.0.0.1:{port}/", TimeSpan.FromSeconds(20));
                pages.Add(page);
            }

            // Running, both: the elapsed times move on between two looks, in each page.
            // Each starts when its child is ready (per-request warms up against a server of its own first).
            foreach (var name in new[] { "per-request", "pooled" })
            {
                await pages[0].Locator($".strategy[data-strategy='{name}'] .state.running").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
            }

            var before = await Task.WhenAll(pages.Select(Elapsed));
            await pages[0].WaitForTimeoutAsync(1500);
            var after = await Task.WhenAll(pages.Select(Elapsed));

            // The first failure: marked on the pool's chart as well as its own.
            var marker = pages[0].Locator(".strategy[data-strategy='per-request'] .first");
            await marker.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 20_000 });
            await Eventually.ValueAsync(() => Charts(pages[0]).GetAwaiter().GetResult(), c => c.All(t => t.Contains("per-request: EADDRNOTAVAIL")), TimeSpan.FromSeconds(5));
            // The panel flashes once, then settles: the screenshots show the view the room keeps.
            await pages[0].Locator(".strategy.flash").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 5_000 });
            var layouts = await Task.WhenAll(pages.Select(p => LayoutAsync(p.MainFrame)));
            var charts = await Task.WhenAll(pages.Select(Charts));
            for (var i = 0; i < pages.Count; i++)
            {
                await ScreenshotAsync(pages[i], $"projector-{Screens[i].Width}x{Screens[i].Height}.png");
            }

            var open = pages[1].Locator("#open-report");
            await open.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 30_000 });
            await open.ClickAsync();
            var report = pages[1].FrameLocator("#report iframe").Locator("h1");
            await report.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
            await ScreenshotAsync(pages[1], "projector-report-1920x1080.png");

            Assert.Multiple(async () =>
            {
                for (var i = 0; i < pages.Count; i++)
                {
                    var screen = $"{Screens[i].Width}x{Screens[i].Height}";
                    Assert.That(layouts[i].Panels, Is.EqualTo(new[] { "per-request", "pooled" }), $"{screen}: both panels");
                    Assert.That(layouts[i].SideBySide, Is.True, $"{screen}: side by side");
                    Assert.That(layouts[i].Outside, Is.Empty, $"{screen}: every panel, figure and chart on the screen and inside its panel");
                    Assert.That(layouts[i].Small, Is.Empty, $"{screen}: no word under 18 px");
                    Assert.That(after[i].Zip(before[i]).Select(p => p.First - p.Second), Is.All.GreaterThan(0.5).And.Exactly(2).Items, $"{screen}: both running at once");
                    Assert.That(charts[i][1].Where(Numeric), Is.EqualTo(charts[i][0].Where(Numeric)), $"{screen}: the same scales (tick labels) on both charts");
                    Assert.That(charts[i][1].Where(Numeric).Max(t => double.Parse(t, CultureInfo.InvariantCulture)), Is.GreaterThanOrEqualTo(400), $"{screen}: the pool's 8 ports on the per-request's scale of 500");
                }

                Assert.That(await marker.InnerTextAsync(), Does.Match(@"first EADDRNOTAVAIL at [45]\.\d\d s"));
                Assert.That(await report.InnerTextAsync(), Does.Contain("PortLoad report"));
                Assert.That(await pages[1].Locator(".strategy[data-strategy='pooled'] .state").InnerTextAsync(), Does.StartWith("finished at"), "the live view stays behind the report");
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

    private static bool Numeric(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Each strategy's elapsed time, per-request's then the pool's.</summary>
    private static async Task<double[]> Elapsed(IPage page) =>
        [.. await Task.WhenAll(new[] { "per-request", "pooled" }.Select(async name =>
            double.Parse(await page.Locator($".strategy[data-strategy='{name}'] .elapsed").InnerTextAsync(), CultureInfo.InvariantCulture)))];

    /// <summary>Each chart's words, per strategy in order; measured in one step: each update replaces a chart's SVG.</summary>
    private static async Task<string[][]> Charts(IPage page) => await page.EvaluateAsync<string[][]>(
        "() => [...document.querySelectorAll('.strategy .chart svg')].map(svg => [...svg.querySelectorAll('text')].map(t => t.textContent.trim()))");

    /// <summary>Where the live view in <paramref name="frame"/> puts its panels (a page's own, or the workshop's frame).</summary>
    public static async Task<PageLayout> LayoutAsync(IFrame frame)
    {
        var json = await frame.EvaluateAsync<JsonElement>(PageLayout.Script);
        return json.Deserialize<PageLayout>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>A screenshot of the screen, kept with the test's results.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        TestContext.AddTestAttachment(path);
    }

    /// <summary>What the page shows where: the panels, whether they sit side by side, what lies outside, what is too small to read.</summary>
    public sealed record PageLayout(string[] Panels, bool SideBySide, string[] Outside, string[] Small)
    {
        public const string Script = """
            () => {
              const W = innerWidth, H = innerHeight, outside = [], small = [];
              const inside = (r, box) => r.left >= box.left - 1 && r.top >= box.top - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
              const screen = { left: 0, top: 0, right: W, bottom: H };
              const panels = [...document.querySelectorAll('.strategy')];
              for (const p of panels) {
                const box = p.getBoundingClientRect();
                if (!inside(box, screen)) outside.push(`${p.dataset.strategy} panel`);
                for (const part of p.querySelectorAll('h2, .ports, .gauge, .figures, .first:not([hidden]), .chart svg'))
                  if (!inside(part.getBoundingClientRect(), box)) outside.push(`${p.dataset.strategy} ${part.className.baseVal ?? part.className}`);
              }
              if (document.documentElement.scrollWidth > W || document.documentElement.scrollHeight > H) outside.push('the page scrolls');
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) {
                const el = walker.currentNode.parentElement, text = walker.currentNode.textContent.trim();
                if (!text || el.closest('[hidden]') || getComputedStyle(el).display === 'none') continue;
                let px = parseFloat(getComputedStyle(el).fontSize);
                if (el instanceof SVGElement) { const m = el.getScreenCTM(); px *= Math.hypot(m.a, m.b); }
                if (px < 17.95) small.push(`${text} (${px.toFixed(1)} px)`);
              }
              const tops = panels.map(p => Math.round(p.getBoundingClientRect().top));
              return { panels: panels.map(p => p.dataset.strategy), sideBySide: tops.every(t => t === tops[0]), outside, small };
            }
            """;
    }
}
