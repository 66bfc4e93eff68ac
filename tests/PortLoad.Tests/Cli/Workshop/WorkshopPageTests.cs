using System.Globalization;
using Microsoft.Playwright;
using PortLoad.Tests.Cli.Output;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli.Workshop;

/// <summary>
/// <c>portload workshop</c> as a presenter uses it, in real headless Chromium at 1280x720 and 1920x1080: the first
/// step runs and shows its live view; the right arrow moves both screens to the next step, whose strategies then run
/// side by side, all on the screen and legible; the guide's words come up on G.
/// </summary>
[NonParallelizable]
[Category(TestCategories.Browser)]
[Category(TestCategories.RealLoad)]
public class WorkshopPageTests
{
    [Test]
    public async Task ArrowKey_MovesToTheNextStep_WhichRunsItsStrategiesSideBySide_OnOneScreen()
    {
        Namespaces.RequireOrIgnore();
        var (port, livePort) = (Loopback.UnusedEndPoint().Port, Loopback.UnusedEndPoint().Port);
        var output = Path.Combine(Path.GetTempPath(), "portload-workshop-" + Guid.NewGuid().ToString("N"));
        using var workshop = CliProcess.Start("", "workshop", "--root", ScenarioJson.RepoRoot(), "--port", Text(port), "--live-port", Text(livePort), "--out", output);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await HeadlessChromium.LaunchAsync(playwright);
            var errors = new List<string>();
            var pages = new List<IPage>();
            foreach (var (width, height) in WebDashboardTests.Screens)
            {
                var page = await HeadlessChromium.PageAsync(browser, errors, width, height);
                await HeadlessChromium.OpenWhenUpAsync(page, $"http://127.0.0.1:{port}/", TimeSpan.FromSeconds(20));
                pages.Add(page);
            }

            var first = pages[0].FrameLocator("#live").Locator(".strategy[data-strategy='pooled'] .state.running");
            await first.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            var firstTitle = await pages[0].Locator("#title").InnerTextAsync();

            await pages[0].Keyboard.PressAsync("ArrowRight");
            foreach (var page in pages)
            {
                await page.Locator("#title", new PageLocatorOptions { HasTextString = "2. Who closes first" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
                await page.FrameLocator("#live").Locator(".strategy[data-strategy='reset'] .state.running").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            }

            await pages[0].WaitForTimeoutAsync(2500); // the charts come every 2 s
            var layouts = new List<WebDashboardTests.PageLayout>();
            foreach (var (page, i) in pages.Select((p, i) => (p, i)))
            {
                layouts.Add(await WebDashboardTests.LayoutAsync((await (await page.QuerySelectorAsync("#live"))!.ContentFrameAsync())!));
                await WebDashboardTests.ScreenshotAsync(page, $"workshop-step2-{WebDashboardTests.Screens[i].Width}x{WebDashboardTests.Screens[i].Height}.png");
            }

            var frameBottom = await pages[0].EvaluateAsync<double>("() => document.getElementById('live').getBoundingClientRect().bottom");
            await pages[0].Keyboard.PressAsync("g");
            var words = await pages[0].Locator("#words").InnerTextAsync();

            Assert.Multiple(() =>
            {
                Assert.That(firstTitle, Does.StartWith("1. Per-request connections"));
                for (var i = 0; i < pages.Count; i++)
                {
                    var screen = $"{WebDashboardTests.Screens[i].Width}x{WebDashboardTests.Screens[i].Height}";
                    Assert.That(layouts[i].Panels, Is.EqualTo(new[] { "client-closes", "server-closes", "reset" }), screen);
                    Assert.That(layouts[i].Outside, Is.Empty, $"{screen}: every panel, figure and chart inside the step's view");
                    Assert.That(layouts[i].Small, Is.Empty, $"{screen}: no word under 18 px");
                }

                Assert.That(frameBottom, Is.LessThanOrEqualTo(720), "the step's view ends on the screen");
                Assert.That(words, Does.Contain("Which side of a connection pays for TIME_WAIT?"), "the guide's words for step 2");
                // A step's page goes with its run: the page it framed may lose its event stream as it goes.
                Assert.That(errors.Where(e => !e.Contains("net::ERR_CONNECTION_RESET", StringComparison.Ordinal)), Is.Empty);
            });
        }
        finally
        {
            workshop.Kill(entireProcessTree: true);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
