using Microsoft.Playwright;
using PortLoad.Planning;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Planning;

public class PlanExportersTests
{
    private static FleetPlan ShippedFleet()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "plan-fleet.json"));
        return FleetPlanner.Plan(scenario, new PlanGrid([1, 50, 200], [5, 50], TimeSpan.FromHours(1)));
    }

    [Test]
    public void Files_AreEveryOneAPlanPromises_AndThePdfHasAPageAStrategy()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portload-plan-" + Guid.NewGuid().ToString("N"));
        try
        {
            PlanExporters.Writer.Write(ShippedFleet(), folder);

            Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "plan.json", "plan.md", "plan.svg", "report.html", "report.pdf" }));
            var pdf = File.ReadAllText(Path.Combine(folder, "report.pdf"), System.Text.Encoding.Latin1);
            Assert.That(pdf, Does.StartWith("%PDF"));
            Assert.That(System.Text.RegularExpressions.Regex.Count(pdf, @"/Type\s*/Page\b"), Is.GreaterThanOrEqualTo(2), "a heat map a strategy does not fit one A4 page");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    [Category(TestCategories.Browser)]
    public async Task Html_InChromium_BothPanelsFitALaptopsWidth()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portload-plan-" + Guid.NewGuid().ToString("N"));
        PlanExporters.Writer.Write(ShippedFleet(), folder);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var errors = new List<string>();
        var page = await HeadlessChromium.PageAsync(browser, errors);
        await page.SetViewportSizeAsync(1280, 800);

        await page.GotoAsync(new Uri(Path.Combine(folder, "report.html")).AbsoluteUri);
        var figure = await (await page.QuerySelectorAsync("figure > svg"))!.BoundingBoxAsync();
        var panels = await page.QuerySelectorAllAsync("figure > svg > svg");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "portload-plan.png"), FullPage = true });
        Directory.Delete(folder, recursive: true);

        Assert.That(errors, Is.Empty);
        Assert.That(panels, Has.Count.EqualTo(2), "per-request and pooled");
        Assert.That(figure!.Width, Is.InRange(800, 1280), "side by side, scaled to the page");
        Assert.That(overflow, Is.False, "no sideways scrolling");
    }
}
