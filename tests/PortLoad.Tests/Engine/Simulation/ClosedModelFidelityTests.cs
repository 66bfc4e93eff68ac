using PortLoad.Cli.Commands;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

/// <summary>
/// Closed models past exhaustion (issue #24): 2 and 8 loops on a 300-port range, tcp_tw_reuse 0, 4 s, the default
/// warm-up. The loops fill the range at the machine's pace, both ends sharing its two cores, then fail as fast as it
/// fails an attempt. Three rounds, each a <c>simulate --calibrate</c> probe (its three runs: a single one was often a
/// cold outlier, 229-404 µs a connection in a first round) and then a run of each, all as
/// <c>portload run</c> in a process of its own, as a user starts it. Judged on the median of the six runs: each against
/// its own prediction, priced with the costs it measured, within 10%; and against plain <c>simulate</c> priced with the
/// host's costs measured right before it, within 25% on failures and 50% on the first failure, the spread of the
/// behaviour itself. On 2026-12-05 nine runs of one file failed 126k-175k times (the machine's speed wanders from
/// minute to minute: a failed attempt cost 23 µs in one run and 34 µs in the next) and first failed 0.030-0.088 s into
/// the load (the range is gone 40-60 ms in, among the process's own start-up), so a run's first failure over another's
/// spans 0.35-2.8; benchmarks/closed-model-spread.sh shows the C reference's own first failure wander 1.2-1.7 times
/// from run to run. The medians of six came within 2% (own prediction), 3% (simulate's failures) and +10% to +14%
/// (simulate's first failure) in two runs of this test. About two minutes of real load on loopback, in
/// namespaces of its own.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class ClosedModelFidelityTests
{
    private const int Rounds = 3;

    [Test]
    public async Task ClosedModel_2And8Loops_AgreeWithTheirOwnPredictions_AndWithTheHostsCalibration()
    {
        Namespaces.RequireOrIgnore();
        var folder = Directory.CreateTempSubdirectory("portload-closed-").FullName;
        var runs = new List<(StrategyResult Measured, StrategyResult Simulated)>();
        for (var round = 0; round < Rounds; round++)
        {
            var host = await HostCalibrationProbe.MeasureAsync(Path.Combine(folder, $"host-{round}"), _ => { }, (_, _) => { }, TestContext.Out, CancellationToken.None);
            Assert.That(host?.Calibration.LoopConnectMicroseconds, Is.Not.Null, "the probe measures the host's costs");
            TestContext.Out.WriteLine($"round {round}, host: {host!.Calibration.Describe()}");
            foreach (var copies in new[] { 2, 8 })
            {
                var json = Closed(copies);
                var file = Path.Combine(folder, $"closed-{copies}.json");
                await File.WriteAllTextAsync(file, json);
                var summary = await RunProcess.RunAsync(file, Path.Combine(folder, $"run-{round}-{copies}"), CancellationToken.None);
                Assert.That(summary?.Strategies.Single().Predicted, Is.Not.Null, $"the run of {copies} loops wrote its results and its prediction");
                var measured = summary!.Strategies.Single();
                var simulated = ScenarioSimulator.Run(ScenarioSimulator.WithHostCosts(ScenarioJson.Parse(json, ScenarioLimits.Simulation), host.Calibration), TimeSpan.FromMilliseconds(100), DateTimeOffset.UnixEpoch).Summary.Strategies.Single();
                runs.Add((measured, simulated));
                TestContext.Out.WriteLine($"  {copies} loops: measured {measured.Requests.Failed} failures from {measured.FirstFailureSeconds} s ({measured.Calibration?.Describe()}); own prediction {measured.Predicted!.Requests.Failed} from {measured.Predicted.FirstFailureSeconds} s; simulate {simulated.Requests.Failed} from {simulated.FirstFailureSeconds} s");
            }
        }

        // Ratios run by run, so that the machine's wandering speed stays out: a run whose machine slowed in its first half
        // fails less than the cost it measured in its second half says (once 152k against 177k), which says nothing of
        // the others.
        var ownFailures = Median(runs, r => Ratio(r.Measured.Predicted!.Requests.Failed, r.Measured.Requests.Failed));
        var ownFirst = Median(runs, r => Ratio(r.Measured.Predicted!.FirstFailureSeconds!.Value, r.Measured.FirstFailureSeconds!.Value));
        var failures = Median(runs, r => Ratio(r.Simulated.Requests.Failed, r.Measured.Requests.Failed));
        var first = Median(runs, r => Ratio(r.Simulated.FirstFailureSeconds!.Value, r.Measured.FirstFailureSeconds!.Value));
        TestContext.Out.WriteLine($"medians: own prediction {ownFailures:+0.0%;-0.0%} failures, {ownFirst:+0.0%;-0.0%} first failure; simulate {failures:+0.0%;-0.0%} and {first:+0.0%;-0.0%}");
        Assert.Multiple(() =>
        {
            Assert.That(ownFailures, Is.InRange(-0.1, 0.1), "failures, own prediction");
            Assert.That(ownFirst, Is.InRange(-0.1, 0.1), "first failure, own prediction");
            Assert.That(failures, Is.InRange(-0.25, 0.25), "failures, simulate");
            Assert.That(first, Is.InRange(-0.5, 0.5), "first failure, simulate");
        });
    }

    private static string Closed(int copies) => $$"""
        { "name": "closed", "target": { "server": "embedded", "protocol": "tcp-echo" },
          "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40299], "tcpTwReuse": 0 },
          "load": [ { "keepConstant": { "copies": {{copies}}, "during": "4s" } } ],
          "request": { "payloadBytes": 16, "timeout": "1s" },
          "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ],
          "sampling": { "interval": "100ms" } }
        """;

    private static double Ratio(double model, double measured) => (model / measured) - 1;

    /// <summary>The median of an even count: the mean of the middle two.</summary>
    private static double Median<T>(List<T> runs, Func<T, double> figure)
    {
        var sorted = runs.Select(figure).Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
