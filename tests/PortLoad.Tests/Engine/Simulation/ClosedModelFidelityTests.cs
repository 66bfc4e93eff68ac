using PortLoad.Cli.Commands;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

/// <summary>
/// Closed models past exhaustion (issue #24): 2 and 8 loops on a 300-port range, tcp_tw_reuse 0, 4 s, the default
/// warm-up. The loops fill the range at the machine's pace, both ends sharing its two cores, then fail as fast as it
/// fails an attempt. Each is run three times as <c>portload run</c>, a process of its own as a user starts it, and
/// judged on medians: each run against its own prediction, priced with the costs the run measured, within 10%;
/// and against plain <c>simulate</c> priced with the host's costs, which <c>simulate --calibrate</c> measures right
/// before, within the spread of the behaviour itself. That spread is wide: on 2026-12-05, nine runs of one file
/// failed 126k-175k times (the machine's speed wanders from minute to minute) and first failed at 0.034-0.088 s (the
/// range is gone 40-60 ms into the load, among the process's own start-up), and medians of three runs moved 136k-167k
/// and 0.036-0.056 s between rounds; simulate came within -9% to +20% of the failures and -27% to +36% of the first
/// failure. About two minutes of real load on loopback, in namespaces of its own.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class ClosedModelFidelityTests
{
    private const int Rounds = 3;

    [TestCase(2)]
    [TestCase(8)]
    public async Task ClosedModel_AgreesWithItsOwnPrediction_AndWithTheHostsCalibration(int copies)
    {
        Namespaces.RequireOrIgnore();
        var folder = Directory.CreateTempSubdirectory("portload-closed-").FullName;
        var json = $$"""
            { "name": "closed", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40299], "tcpTwReuse": 0 },
              "load": [ { "keepConstant": { "copies": {{copies}}, "during": "4s" } } ],
              "request": { "payloadBytes": 16, "timeout": "1s" },
              "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ],
              "sampling": { "interval": "100ms" } }
            """;
        var file = Path.Combine(folder, "closed.json");
        await File.WriteAllTextAsync(file, json);

        var host = await HostCalibrationProbe.MeasureAsync(folder, _ => { }, (_, _) => { }, TestContext.Out, CancellationToken.None);
        Assert.That(host?.Calibration.LoopConnectMicroseconds, Is.Not.Null, "the probe measures the host's costs");
        var measured = new List<StrategyResult>();
        for (var round = 0; round < Rounds; round++)
        {
            var summary = await RunProcess.RunAsync(file, Path.Combine(folder, $"run-{round}"), CancellationToken.None);
            Assert.That(summary?.Strategies.Single().Predicted, Is.Not.Null, $"run {round} wrote its results and its prediction");
            measured.Add(summary!.Strategies.Single());
        }

        var scenario = ScenarioSimulator.WithHostCosts(ScenarioJson.Parse(json, ScenarioLimits.Simulation), host!.Calibration);
        var simulated = ScenarioSimulator.Run(scenario, TimeSpan.FromMilliseconds(100), DateTimeOffset.UnixEpoch).Summary.Strategies.Single();
        var failures = Median(measured, r => r.Requests.Failed);
        var first = Median(measured, r => r.FirstFailureSeconds!.Value);
        // Each run against its own prediction: a run whose machine slowed in its first half fails less than the cost
        // it measured in its second half says (once 152k against 177k), which says nothing of the others.
        var ownFailures = Median(measured, r => ((double)r.Predicted!.Requests.Failed / r.Requests.Failed) - 1);
        var ownFirst = Median(measured, r => (r.Predicted!.FirstFailureSeconds!.Value / r.FirstFailureSeconds!.Value) - 1);
        TestContext.Out.WriteLine($"host: {host.Calibration.Describe()}");
        TestContext.Out.WriteLine($"measured: {string.Join(", ", measured.Select(r => $"{r.Requests.Failed} failures from {r.FirstFailureSeconds} s ({r.Calibration?.Describe()})"))}");
        TestContext.Out.WriteLine($"medians: measured {failures} from {first} s; own predictions {ownFailures:+0.0%;-0.0%} and {ownFirst:+0.0%;-0.0%}; simulate {simulated.Requests.Failed} from {simulated.FirstFailureSeconds} s");
        Assert.Multiple(() =>
        {
            Assert.That(ownFailures, Is.InRange(-0.1, 0.1), "failures, own prediction");
            Assert.That(ownFirst, Is.InRange(-0.1, 0.1), "first failure, own prediction");
            Assert.That(simulated.Requests.Failed, Is.EqualTo(failures).Within(25).Percent, "failures, simulate");
            Assert.That(simulated.FirstFailureSeconds, Is.EqualTo(first).Within(40).Percent, "first failure, simulate");
        });
    }

    private static double Median(List<StrategyResult> runs, Func<StrategyResult, double> figure) =>
        runs.Select(figure).Order().ElementAt(runs.Count / 2);
}
