using System.Text.Json;
using System.Text.RegularExpressions;
using PortLoad.Cli.Commands;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary>
/// Plain <c>simulate</c> prices what a scenario leaves unset with the host's costs that <c>simulate --calibrate</c>
/// saved under the results folder, says so, and goes on without them when the file does not read. The probe itself
/// runs real load: <see cref="Simulation.ClosedModelFidelityTests"/>.
/// </summary>
[NonParallelizable]
public class SimulateCalibrationTests
{
    private const string Closed = """
        { "name": "closed", "target": { "server": "embedded", "protocol": "tcp-echo" },
          "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40299], "tcpTwReuse": 0 },
          "load": [ { "keepConstant": { "copies": 4, "during": "2s" } } ],
          "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ] SIMULATION }
        """;

    private string _results = "";

    [SetUp]
    public void UseAResultsFolderOfItsOwn()
    {
        _results = Directory.CreateTempSubdirectory("portload-calibration-").FullName;
        Environment.SetEnvironmentVariable("PORTLOAD__RESULTSDIRECTORY", _results);
    }

    [TearDown]
    public void Restore()
    {
        Environment.SetEnvironmentVariable("PORTLOAD__RESULTSDIRECTORY", null);
        Directory.Delete(_results, recursive: true);
    }

    [Test]
    public async Task Simulate_NeitherAScenarioNorCalibrate_IsAnInputError()
    {
        var (code, _, errors) = await CliInProcess.MainAsync("simulate");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("give a scenario file").And.Contain("--calibrate"));
    }

    [Test]
    public async Task Calibrate_WithABadScenario_SaysSoBeforeAnyProbeRuns()
    {
        var file = Path.Combine(_results, "bad.json");
        await File.WriteAllTextAsync(file, Closed.Replace(" SIMULATION", ", \"sampling\": 3", StringComparison.Ordinal));

        var (code, _, errors) = await CliInProcess.MainAsync("simulate", "--calibrate", file);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(errors, Does.Contain("sampling"));
        Assert.That(Directory.Exists(HostCalibrationProbe.RunsIn(_results)), Is.False, "no probe ran");
    }

    [Test]
    public async Task Simulate_WithTheHostsCosts_PricesWhatTheScenarioLeavesUnset()
    {
        HostCalibrationProbe.Save(new HostCalibration(DateTimeOffset.UnixEpoch, "test", 2, 3, new Calibration(100, 15, 50) { FailedAttemptMicroseconds = 25, LoopConnectMicroseconds = 150 }), _results);

        var (plain, plainOutput) = await SimulateAsync("");
        var (own, _) = await SimulateAsync(""", "simulation": { "failedConnectMicroseconds": 50 }""");

        Assert.That(Regex.Replace(plainOutput, @"\s+", " "), Does.Contain("host's costs: 50 ns per probed port, 25 µs per failed attempt, 150 µs per connection in a loop"));
        // 300 connections at 150 µs and their probing, then one failed attempt every 25 µs until 2 s.
        Assert.That(plain.FirstFailureSeconds, Is.EqualTo(300 * (150 + (76 * 0.05)) * 1e-6).Within(3).Percent);
        Assert.That(plain.Requests.Failed, Is.EqualTo((2 - plain.FirstFailureSeconds!.Value) / 25e-6).Within(1).Percent);
        Assert.That(own.Requests.Failed, Is.EqualTo((2 - own.FirstFailureSeconds!.Value) / 50e-6).Within(1).Percent, "the scenario's own cost stays");
    }

    [Test]
    public async Task CalibrateFrom_AClosedModelRun_PricesEveryCostItMeasured_AndSaysSo()
    {
        var sample = SampleRuns.Create().Summary;
        var measured = sample with { Strategies = [sample.Strategies[0] with { Calibration = new Calibration(100, 15, 50) { FailedAttemptMicroseconds = 25, LoopConnectMicroseconds = 150 } }] };
        var summary = Path.Combine(_results, "measured.json");
        await File.WriteAllTextAsync(summary, JsonSerializer.Serialize(measured, ResultJson.Options));

        var (result, output) = await SimulateAsync("", "--calibrate-from", summary);

        Assert.That(Regex.Replace(output, @"\s+", " "), Does.Contain("calibrated: 50 ns per probed port, 25 µs per failed attempt, 150 µs per connection in a loop, from "));
        Assert.That(result.FirstFailureSeconds, Is.EqualTo(300 * (150 + (76 * 0.05)) * 1e-6).Within(3).Percent);
        Assert.That(result.Requests.Failed, Is.EqualTo((2 - result.FirstFailureSeconds!.Value) / 25e-6).Within(1).Percent);
    }

    [Test]
    public async Task Simulate_HostsCostsDoNotRead_SaysSoAndGoesOnWithout()
    {
        await File.WriteAllTextAsync(HostCalibrationProbe.PathIn(_results), "{ \"calibration\": ");

        var (code, output, errors) = await CliInProcess.MainAsync("simulate", await WriteAsync(""), "--out", Path.Combine(_results, "out"));

        Assert.That(code, Is.Zero);
        Assert.That(errors, Does.Contain("host-calibration.json does not read").And.Contain("simulate --calibrate measures it again"));
        Assert.That(output, Does.Not.Contain("host's costs"));
    }

    private async Task<(StrategyResult Result, string Output)> SimulateAsync(string simulation, params string[] options)
    {
        var output = Path.Combine(_results, Guid.NewGuid().ToString("N"));
        var (_, printed, errors) = await CliInProcess.MainAsync(["simulate", await WriteAsync(simulation), "--out", output, .. options]);
        Assert.That(File.Exists(Path.Combine(output, "summary.json")), errors);
        return (SummaryJsonExporter.Read(Path.Combine(output, "summary.json")).Strategies.Single(), printed);
    }

    private async Task<string> WriteAsync(string simulation)
    {
        var file = Path.Combine(_results, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, Closed.Replace(" SIMULATION", simulation, StringComparison.Ordinal));
        return file;
    }
}
