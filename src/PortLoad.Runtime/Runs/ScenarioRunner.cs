using PortLoad.HostInfo;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Runs;

/// <summary>The model's prediction for a strategy that was measured, on the settings that were in force for it.</summary>
public delegate StrategyRun Prediction(Scenario scenario, StrategyOptions strategy, StrategyResult measured, TimeSpan interval);

/// <summary>
/// Runs every strategy of a scenario in turn, or all at once when the scenario says "parallel" (isolated
/// runs only). When stopped, the strategies that ran (the current one up to where it was) are still
/// returned, marked incomplete, so nothing measured is lost.
/// </summary>
/// <param name="here">Runs strategies in this process's namespace.</param>
/// <param name="isolated">Runs a strategy in a fresh network namespace, for scenarios that ask for one.</param>
/// <param name="predict">What the simulator expects of each measured strategy, shown beside it.</param>
/// <param name="samplingInterval">The interval when the scenario does not set one.</param>
public sealed class ScenarioRunner(IStrategyRunner here, IStrategyRunner isolated, Prediction predict, TimeProvider time, TimeSpan samplingInterval)
{
    /// <summary>Raised when a strategy's load starts, with figures that stay live while it runs.</summary>
    public event Action<StrategyOptions, ILiveFigures>? Started
    {
        add
        {
            here.Started += value;
            isolated.Started += value;
        }

        remove
        {
            here.Started -= value;
            isolated.Started -= value;
        }
    }

    /// <summary>
    /// Raised when a strategy's run has ended (done, stopped or failed): at once, its strategies end one by one, and a
    /// display says so of each while the others run on.
    /// </summary>
    public event Action<StrategyOptions>? Ended;

    public async Task<ScenarioRun> RunAsync(Scenario scenario, HostFacts host, CancellationToken stop)
    {
        var startedAt = time.GetUtcNow();
        var interval = scenario.SamplingInterval ?? samplingInterval;
        var strategies = scenario.Network.Isolated ? isolated : here;
        var error = scenario.Network.Isolated ? null : SourceAddressCheck.Problem(scenario.SourceAddresses);
        var runs = new List<(StrategyOptions Strategy, StrategyRun Run)>();
        if (error is null && scenario.Parallel)
        {
            // Each in a namespace of its own, so nothing is shared: all at once, kept in the scenario's order.
            var all = await Task.WhenAll(scenario.Strategies.Select(s => TryRunAsync(strategies, scenario, s, stop))).ConfigureAwait(false);
            runs.AddRange(all.Where(r => r.Run is not null).Select(r => (r.Strategy, r.Run!)));
            error = all.Select(r => r.Error).FirstOrDefault(e => e is not null);
        }

        foreach (var strategy in scenario.Parallel ? [] : scenario.Strategies)
        {
            if (stop.IsCancellationRequested || error is not null)
            {
                break;
            }

            var (_, run, failed) = await TryRunAsync(strategies, scenario, strategy, stop).ConfigureAwait(false);
            error = failed;
            if (run is not null)
            {
                runs.Add((strategy, run));
            }
        }

        var results = new List<StrategyResult>();
        var rows = new List<TimeSeriesRow>();
        var predictedRows = new List<TimeSeriesRow>();
        var hgrm = new Dictionary<string, string>();
        var logs = new Dictionary<string, string>();
        foreach (var (strategy, run) in runs)
        {
            var predicted = predict(scenario, strategy, run.Result, interval);
            results.Add(run.Result with { Predicted = predicted.Result });
            predictedRows.AddRange(predicted.Rows);
            rows.AddRange(run.Rows);
            if (run.LatencyHgrm is { } distribution)
            {
                hgrm[strategy.Name] = distribution;
            }

            if (run.LatencyLog is { } log)
            {
                logs[strategy.Name] = log;
            }
        }

        var completed = error is null && !stop.IsCancellationRequested && results.Count == scenario.Strategies.Count;
        var summary = RunSummaries.Create(
            scenario, RunMode.Measured, scenario.Target.ToString(), scenario.Target.IsLoopback, host, results, startedAt, interval, completed, error);
        return new ScenarioRun(summary, rows, predictedRows) { LatencyHgrm = hgrm, LatencyLog = logs };
    }

    /// <summary>One strategy's run; on failure (not a stop) no run and what went wrong, so earlier strategies' results are kept.</summary>
    private async Task<(StrategyOptions Strategy, StrategyRun? Run, string? Error)> TryRunAsync(IStrategyRunner runner, Scenario scenario, StrategyOptions strategy, CancellationToken stop)
    {
        try
        {
            return (strategy, await runner.RunAsync(scenario, strategy, stop).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (strategy, null, $"strategy '{strategy.Name}' failed: {e.Message}");
        }
        finally
        {
            Ended?.Invoke(strategy);
        }
    }
}
