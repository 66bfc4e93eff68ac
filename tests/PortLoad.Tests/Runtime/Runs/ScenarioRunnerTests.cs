using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Runs;

/// <summary>
/// The scenario runner says when each strategy's run ends, so that displays mark it finished while the others run on
/// (#23: a panel said "running" after its strategy had finished). Its strategy runners are stand-ins that take their time.
/// </summary>
public class ScenarioRunnerTests
{
    [Test]
    public async Task Ended_AtOnce_EachStrategyAsItEnds_WhileTheOthersRunOn()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "s", "target": { "server": "embedded", "protocol": "tcp-echo" }, "parallel": true,
              "network": { "namespace": "isolated" }, "load": [ { "inject": { "rate": 10, "during": "1s" } } ],
              "strategies": [ { "name": "slow", "connections": "pooled" }, { "name": "quick", "connections": "pooled" } ] }
            """);
        var strategies = new Stalling(new Dictionary<string, TimeSpan> { ["slow"] = TimeSpan.FromMilliseconds(600), ["quick"] = TimeSpan.FromMilliseconds(50) });
        var runner = new ScenarioRunner(strategies, strategies, (_, _, measured, _) => new StrategyRun(measured, []), TimeProvider.System, TimeSpan.FromSeconds(1));
        var ended = new List<(string Name, bool SlowStillRunning)>();
        runner.Ended += s => ended.Add((s.Name, !strategies.Done.Contains("slow")));

        var run = await runner.RunAsync(scenario, SampleRuns.Create().Summary.Host, CancellationToken.None);

        Assert.That(ended, Is.EqualTo(new[] { ("quick", true), ("slow", false) }));
        Assert.That(run.Summary.Strategies.Select(s => s.Name), Is.EqualTo(new[] { "slow", "quick" }), "results in the scenario's order");
    }

    [Test]
    public async Task Ended_OneAfterAnother_AlsoForAStrategyThatFailed()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "s", "target": { "server": "embedded", "protocol": "tcp-echo" }, "load": [ { "inject": { "rate": 10, "during": "1s" } } ],
              "strategies": [ { "name": "fails", "connections": "pooled" }, { "name": "never", "connections": "pooled" } ] }
            """);
        var strategies = new Stalling([]) { Failing = "fails" };
        var runner = new ScenarioRunner(strategies, strategies, (_, _, measured, _) => new StrategyRun(measured, []), TimeProvider.System, TimeSpan.FromSeconds(1));
        var ended = new List<string>();
        runner.Ended += s => ended.Add(s.Name);

        var run = await runner.RunAsync(scenario, SampleRuns.Create().Summary.Host, CancellationToken.None);

        Assert.That(ended, Is.EqualTo(new[] { "fails" }), "the strategy after a failure does not start");
        Assert.That(run.Summary.Error, Does.Contain("strategy 'fails' failed"));
    }

    /// <summary>Runs a strategy by waiting its time, then returns the sample run's result under its name.</summary>
    private sealed class Stalling(Dictionary<string, TimeSpan> takes) : IStrategyRunner
    {
        public event Action<StrategyOptions, ILiveFigures>? Started;

        public HashSet<string> Done { get; } = [];

        public string? Failing { get; init; }

        public async Task<StrategyRun> RunAsync(Scenario scenario, StrategyOptions strategy, CancellationToken stop)
        {
            Started?.Invoke(strategy, new RunRecorder(TimeProvider.System, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)));
            await Task.Delay(takes.GetValueOrDefault(strategy.Name, TimeSpan.Zero), stop);
            if (strategy.Name == Failing)
            {
                throw new InvalidOperationException("no such luck");
            }

            lock (Done)
            {
                Done.Add(strategy.Name);
            }

            return new StrategyRun(SampleRuns.Create().Summary.Strategies[0] with { Name = strategy.Name }, []);
        }
    }
}
