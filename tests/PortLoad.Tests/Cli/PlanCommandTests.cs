using System.Text.Json;
using System.Xml.Linq;
using PortLoad.Cli;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary><c>portload plan</c> end to end, in process: the grid, its files, thresholds on it, bad input.</summary>
[NonParallelizable]
public class PlanCommandTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "portload-plan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Plan_Json_WritesTheGridAndHeatMap_AndAThresholdFailsTheDeploy()
    {
        // The shipped fleet (20 instances at 40/s behind the AWS gateway) asked whether 50 instances would hold.
        var file = Path.Combine(_folder, "fleet.json");
        var fleet = await File.ReadAllTextAsync(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "plan-fleet.json"));
        await File.WriteAllTextAsync(file, fleet.TrimEnd().TrimEnd('}') + """
            , "thresholds": [ { "strategy": "*", "metric": "plan.maxInstances", "min": 50 } ] }
            """);
        var output = Path.Combine(_folder, "out");

        var (code, stdout, _) = await CliInProcess.MainAsync(["plan", file, "--instances", "1,50", "--rates", "10", "--horizon", "1h", "--json", "--out", output]);

        Assert.That(code, Is.EqualTo(ExitCodes.ThresholdsFailed), "per-request holds only 917/s: 22 instances at 40/s");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.That(root.GetProperty("instances").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 1, 20, 50 }));
        Assert.That(root.GetProperty("ratesPerInstance").EnumerateArray().Select(e => e.GetDouble()), Is.EqualTo(new[] { 10.0, 40.0 }));
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.That(cells, Has.Count.EqualTo(2 * 3 * 2));
        var overloaded = cells.Single(c => c.GetProperty("strategy").GetString() == "per-request" && c.GetProperty("instances").GetInt32() == 50 && c.GetProperty("ratePerInstance").GetDouble() == 40);
        // 55,000 ports taken at 2,000/s: the first SYN is dropped at 27.5 s and its request times out 5 s later.
        Assert.That(overloaded.GetProperty("firstFailureSeconds").GetDouble(), Is.EqualTo((55_000 / 2_000.0) + 5).Within(0.1));
        Assert.That(overloaded.GetProperty("limit").GetString(), Does.StartWith("NAT ports (aws-nat-gateway): 55,000 ports"));
        Assert.That(root.GetProperty("thresholds").EnumerateArray().Select(t => (t.GetProperty("strategy").GetString(), t.GetProperty("value").GetDouble(), t.GetProperty("passed").GetBoolean())),
            Is.EqualTo(new[] { ("per-request", 20.0, false), ("pooled", 50.0, true) }));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "plan.json", "plan.md", "plan.svg", "report.html", "report.pdf" }));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(output, "plan.json")), Is.EqualTo(stdout));
        Assert.That(XDocument.Load(Path.Combine(output, "plan.svg")).Root!.Elements().Count(e => e.Name.LocalName == "svg"), Is.EqualTo(2), "a panel a strategy");
    }

    [TestCase("--instances", "0,10", "--instances: \"0,10\" must give 1 to 20 whole numbers from 1 to 10,000")]
    [TestCase("--instances", "1..100:0", "--instances: \"1..100:0\" is not a range FROM..TO:STEPS")]
    [TestCase("--rates", "5,fast", "--rates: \"fast\" is not a number")]
    [TestCase("--horizon", "200h", "--horizon: \"200h\" is not a duration from 1s to 168h")]
    public async Task Plan_BadGrid_Exits2AndWritesNothing(string option, string value, string message)
    {
        var output = Path.Combine(_folder, "out");

        var (code, _, errors) = await CliInProcess.MainAsync(["plan", Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "plan-fleet.json"), option, value, "--out", output]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.StartWith(message));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public void Values_ARange_IsSpacedOnALogScale() =>
        Assert.That(PortLoad.Cli.Commands.PlanCommand.Values("--instances", "1..1000:4", 1, 10_000, integers: true), Is.EqualTo(new[] { 1.0, 10, 100, 1000 }));
}
