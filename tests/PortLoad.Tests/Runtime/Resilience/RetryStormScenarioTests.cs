using PortLoad.HostInfo;
using PortLoad.Isolation;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Resilience;

/// <summary>
/// scenarios/retry-storm.json for real, in namespaces of its own, with the load cut to 8 s (about
/// 35 s for the four strategies): retries multiply attempts but rescue nothing, and the simulator's
/// prediction of them sits beside the measurement.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class RetryStormScenarioTests
{
    [Test]
    public async Task RetryStorm_RetriesMultiplyAttemptsWithoutRecoveringThroughput_AsPredicted()
    {
        Namespaces.RequireOrIgnore();
        var scenario = new ScenarioParser(new ScenarioLimits()).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "retry-storm.json"))
            .WithLoad([new InjectPhase(200, TimeSpan.FromSeconds(8))]);
        var interval = TimeSpan.FromMilliseconds(250);
        var here = new StrategyRunner(TimeProvider.System, SocketCounters.Create(), interval, maxInFlight: 4096);
        var isolated = new IsolatedStrategyRunner(ChildCommand.For(typeof(PortLoad.Cli.Program).Assembly));

        var run = await new ScenarioRunner(here, isolated, ScenarioSimulator.Predict, TimeProvider.System, interval).RunAsync(scenario, HostFactsReader.Read(), CancellationToken.None);

        var s = run.Summary.Strategies.ToDictionary(x => x.Name);
        var plain = s["per-request"];
        var retrying = s["per-request-retry"];
        var breaker = s["retry-and-breaker"];
        var failing = retrying.Requests.Failed;
        Assert.Multiple(() =>
        {
            Assert.That(run.Summary.Completed, Is.True);
            // 1,000 ports at 200/s: the last 600 of 1,600 requests find none, however often they try.
            Assert.That(plain.Requests.Succeeded, Is.InRange(990, 1000));
            Assert.That(retrying.Requests.Succeeded, Is.EqualTo(plain.Requests.Succeeded).Within(10), "retries recovered no throughput");
            Assert.That(retrying.Resilience!.SucceededAfterRetry, Is.Zero);
            Assert.That(retrying.Resilience.Attempts, Is.EqualTo(retrying.Requests.Succeeded + (4 * failing)), "every failing request tried 4 times");
            Assert.That(retrying.Resilience.RetriesExhausted, Is.EqualTo(failing));
            Assert.That(breaker.Resilience!.BreakerOpenings, Is.GreaterThan(0));
            Assert.That(breaker.Resilience.ShortCircuited, Is.GreaterThan(0));
            Assert.That(breaker.Resilience.Attempts, Is.LessThan(retrying.Resilience.Attempts));
            Assert.That(s["pooled-retry"].Resilience!.Retries, Is.Zero, "the pool needs no retries");
            Assert.That(s["pooled-retry"].Requests.Failed, Is.Zero);

            // The simulator's prediction beside the measurement.
            Assert.That(retrying.Predicted!.Resilience!.Attempts, Is.EqualTo(retrying.Resilience.Attempts).Within(retrying.Resilience.Attempts / 50));
            Assert.That(breaker.Predicted!.Resilience!.ShortCircuited, Is.EqualTo(breaker.Resilience.ShortCircuited).Within(breaker.Resilience.ShortCircuited / 10));
        });
        Assert.That(run.Rows.Where(r => r.Strategy == "per-request-retry").Sum(r => r.Retries), Is.EqualTo(retrying.Resilience!.Retries));
    }
}
