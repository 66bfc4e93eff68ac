using PortLoad.Cli.Workshop;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli.Workshop;

/// <summary>The presenter's steps come from the guide itself, as the program was built with it.</summary>
public class WorkshopGuideTests
{
    [Test]
    public void Steps_AreTheGuidesSections_InItsOrder_EndingWithTheRetryStorm()
    {
        var steps = WorkshopGuide.Steps;

        Assert.Multiple(() =>
        {
            Assert.That(steps.Select(s => s.Title[..s.Title.IndexOfAny([':', '.'])]), Is.EqualTo(new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "Encore" }));
            Assert.That(steps[0].Scenario, Is.EqualTo("scenarios/workshop/01-pooling-vs-per-request.json"));
            Assert.That(steps[5].Verb, Is.EqualTo("simulate"), "the cloud NAT is simulated");
            Assert.That(steps[^1].Scenario, Is.EqualTo("scenarios/retry-storm.json"));
            Assert.That(steps.Select(s => Path.Combine(ScenarioJson.RepoRoot(), s.Scenario)), Is.All.Matches<string>(File.Exists));
            Assert.That(steps.Select(s => s.Words), Has.None.Contains("```"), "the command's block is the step, not its words");
            Assert.That(steps[0].Words, Does.StartWith("**Ask first:**"));
        });
    }

    [Test]
    public void BuiltIn_IsTheGuideInTheRepository() =>
        Assert.That(WorkshopGuide.BuiltIn(), Is.EqualTo(File.ReadAllText(Path.Combine(ScenarioJson.RepoRoot(), "docs", "workshop.md"))));

    [Test]
    public void Read_SkipsSectionsWithoutAScenario()
    {
        const string Guide = "# Title\n\nintro\n\n## Setup\n\n```sh\nsudo true\n```\n\n## 1. One\n\n```sh\npl run scenarios/a.json --web\n```\n\n**Ask:** why?\r\n\r\n## Wrapping up\n\nbye\n";

        var steps = WorkshopGuide.Read(Guide);

        Assert.That(steps, Is.EqualTo(new[] { new WorkshopStep("1. One", "run", "scenarios/a.json", "**Ask:** why?") }));
    }

    [Test]
    public void GuideWords_EscapeAndKeepBoldCodeAndLinksText_OneLineAParagraph() => Assert.Multiple(() =>
    {
        const string Words = "**Ask:** is `a < b` [x]?\nSee [the report](x.md).\n\nNext";
        Assert.That(GuideWords.Html(Words), Is.EqualTo("<p><b>Ask:</b> is <code>a &lt; b</code> [x]? See the report.</p><p>Next</p>"));
        Assert.That(GuideWords.Markup(Words), Is.EqualTo("[bold]Ask:[/] is `a < b` [[x]]? See the report.\n\nNext"));
    });
}
