using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>Simulates every strategy of a scenario and sums it up as a "simulated" run: the same summary.json and timeseries.csv as a measured one.</summary>
public static class ScenarioSimulator
{
    public static ScenarioRun Run(Scenario scenario, TimeSpan defaultInterval, DateTimeOffset startedAt)
    {
        var host = SimulatedHost.For(scenario);
        var interval = scenario.SamplingInterval ?? defaultInterval;
        var runs = scenario.Strategies.Select(s => Simulate(scenario, s, SimulatedHost.For(scenario, strategy: s), interval)).ToList();
        var results = runs.Select(r => r.Result).ToList();
        var summary = new RunSummary
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            Mode = "simulated",
            Completed = true,
            StartedAt = startedAt,
            Target = host.LoopbackTarget ? "loopback (modelled)" : "remote (modelled)",
            Protocol = Names.Of(scenario.Target.Protocol),
            Host = host.Facts,
            Strategies = results,
            Findings = Findings.For(results, host.LoopbackTarget),
            SamplingIntervalSeconds = interval.TotalSeconds,
        };
        return new ScenarioRun(summary, runs.SelectMany(r => r.Rows).ToList());
    }

    public static StrategyRun Simulate(Scenario scenario, StrategyOptions strategy, SimulatedHost host, TimeSpan interval)
    {
        var run = new StrategySimulation(scenario, strategy, host, interval).Run();
        return run with { Result = run.Result with { Analysis = Analysis.For(strategy, host, scenario.Load) } };
    }

    /// <summary>The prediction for a strategy that was measured, on the settings that were in force for it.</summary>
    public static StrategyRun Predict(Scenario scenario, StrategyOptions strategy, Results.StrategyResult measured, TimeSpan interval) =>
        Simulate(scenario, strategy, SimulatedHost.For(scenario, measured.Host), interval);

    /// <summary>Scenario fields the simulator does not model, for a notice: they are ignored, not errors.</summary>
    public static IReadOnlyList<string> IgnoredFields(Scenario scenario)
    {
        var ignored = new List<string>();
        if (scenario.Request.PayloadBytes != ScenarioDefaults.PayloadBytes)
        {
            ignored.Add("request.payloadBytes (the model has no bytes, only connections; see simulation.serviceTime)");
        }

        if (!scenario.Target.Embedded)
        {
            ignored.Add("target.host/port (nothing is sent; the target counts as loopback or remote, see simulation.remoteTarget)");
        }

        if (scenario.Network.Isolated)
        {
            ignored.Add("network.namespace (the model is a namespace of its own; its range and tcpTwReuse are used)");
        }

        return ignored;
    }
}
