using PortLoad.Cli;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary>The command line end to end, in process.</summary>
[NonParallelizable]
public class CliTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "portload-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Validate_EveryShippedScenario_IsOk()
    {
        var files = ScenarioJson.ShippedFiles();

        var code = await Program.Main(["validate", .. files]);

        Assert.That(files, Has.Length.GreaterThanOrEqualTo(4));
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
    }

    [Test]
    public async Task Validate_BadFile_ExitsWith2AndNamesTheProblem()
    {
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, ScenarioJson.Valid.Replace("\"rate\": 100", "\"rate\": -5"));
        var (code, errors) = await MainWithErrorsAsync(["validate", file]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.Contain($"{file}: load[0].inject.rate: -5 must be > 0"));
    }

    [Test]
    public async Task Run_BadScenario_RunsNothing()
    {
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, "{ \"name\": ");
        var output = Path.Combine(_folder, "out");

        var code = await Program.Main(["run", file, "--out", output]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    [Category(TestCategories.RealLoad)]
    public async Task Run_SmallScenario_WritesTheResultsFolder()
    {
        var file = Path.Combine(_folder, "small.json");
        await File.WriteAllTextAsync(file, """
            { "name": "small", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "load": [ { "inject": { "rate": 100, "during": "1s" } } ],
              "strategies": [ { "name": "per-request", "connections": "per-request" },
                              { "name": "pooled", "connections": "pooled", "poolSize": 2 } ] }
            """);
        var output = Path.Combine(_folder, "out");

        var code = await Program.Main(["run", file, "--out", output, "--no-live"]);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        var summary = SummaryJsonExporter.Read(Path.Combine(output, "summary.json"));
        Assert.That(summary.Completed, Is.True);
        Assert.That(summary.Strategies.Select(s => s.Requests.Succeeded), Is.EqualTo(new long[] { 100, 100 }));
        var csv = await File.ReadAllLinesAsync(Path.Combine(output, "timeseries.csv"));
        Assert.That(csv.Skip(1).Select(l => l.Split(',')[0]).Distinct(), Is.EqualTo(new[] { "per-request", "pooled" }));
    }

    [Test]
    public async Task Simulate_WhatIfCloudNat_WritesASimulatedResultsFolder()
    {
        var output = Path.Combine(_folder, "sim");

        var code = await Program.Main(["simulate", Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "what-if-cloud-nat.json"), "--out", output]);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        var summary = SummaryJsonExporter.Read(Path.Combine(output, "summary.json"));
        Assert.That(summary.Mode, Is.EqualTo(RunMode.Simulated));
        Assert.That(summary.Strategies.Select(s => s.Name), Is.EqualTo(new[] { "per-request", "pooled" }));
    }

    [Test]
    public async Task Run_ScenarioWithSimulationBlock_IsRefusedWithAClearMessage()
    {
        var (code, errors) = await MainWithErrorsAsync(["run", Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "what-if-cloud-nat.json"), "--out", Path.Combine(_folder, "x")]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.Contain("simulation: this block is for 'portload simulate' only"));
        Assert.That(Directory.Exists(Path.Combine(_folder, "x")), Is.False);
    }

    [Test]
    public async Task Simulate_ThresholdBroken_Exits3_AndWritesJUnit()
    {
        var file = Path.Combine(_folder, "thresholds.json");
        var exhaustion = await File.ReadAllTextAsync(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "exhaustion.json"));
        var edited = exhaustion.TrimEnd().TrimEnd('}') + """
            , "thresholds": [ { "strategy": "*", "metric": "failures.EADDRNOTAVAIL", "max": 0 } ] }
            """;
        await File.WriteAllTextAsync(file, edited);
        var junit = Path.Combine(_folder, "junit.xml");

        var code = await Program.Main(["simulate", file, "--out", Path.Combine(_folder, "out"), "--junit", junit]);

        Assert.That(code, Is.EqualTo(ExitCodes.ThresholdsFailed));
        var summary = SummaryJsonExporter.Read(Path.Combine(_folder, "out", "summary.json"));
        Assert.That(summary.Thresholds.Select(t => (t.Strategy, t.Passed)), Is.EqualTo(new[] { ("per-request", false), ("pooled", true), ("server-closes", true) }));
        Assert.That(File.ReadAllText(junit), Does.Contain("failures=\"1\""));
    }

    [TestCase("")]
    [TestCase("/no/such/folder/junit.xml")]
    public async Task Simulate_BadJUnitPath_Exits2BeforeAnything(string junit)
    {
        var (code, errors) = await MainWithErrorsAsync(["simulate", Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "quickstart.json"), "--out", Path.Combine(_folder, "out"), "--junit", junit]);

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(errors, Does.StartWith("--junit: "));
        Assert.That(Directory.Exists(Path.Combine(_folder, "out")), Is.False);
    }

    /// <summary>Runs the command line and returns its exit code and what it wrote to standard error.</summary>
    private static async Task<(int Code, string Errors)> MainWithErrorsAsync(string[] args)
    {
        var (code, _, errors) = await CliInProcess.MainAsync(args);
        return (code, errors);
    }
}
