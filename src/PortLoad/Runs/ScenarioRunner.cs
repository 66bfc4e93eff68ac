using PortLoad.HostInfo;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Runs;

/// <summary>A whole run: the summary and every strategy's time series.</summary>
/// <param name="PredictedRows">The simulator's time series for a measured run; empty for a simulated one.</param>
public sealed record ScenarioRun(RunSummary Summary, IReadOnlyList<TimeSeriesRow> Rows, IReadOnlyList<TimeSeriesRow> PredictedRows)
{
    public ScenarioRun(RunSummary summary, IReadOnlyList<TimeSeriesRow> rows)
        : this(summary, rows, [])
    {
    }
}

/// <summary>
/// Runs every strategy of a scenario in turn. When stopped, the strategies that ran (the current
/// one up to where it was) are still returned, marked incomplete, so nothing measured is lost.
/// </summary>
/// <param name="here">Runs strategies in this process's namespace.</param>
/// <param name="isolated">Runs a strategy in a fresh network namespace, for scenarios that ask for one.</param>
/// <param name="samplingInterval">The interval when the scenario does not set one.</param>
public sealed class ScenarioRunner(IStrategyRunner here, IStrategyRunner isolated, TimeProvider time, TimeSpan samplingInterval)
{
    public async Task<ScenarioRun> RunAsync(Scenario scenario, HostFacts host, CancellationToken stop)
    {
        var startedAt = time.GetUtcNow();
        var interval = scenario.SamplingInterval ?? samplingInterval;
        var results = new List<StrategyResult>();
        var rows = new List<TimeSeriesRow>();
        var predictedRows = new List<TimeSeriesRow>();
        var strategies = scenario.Network.Isolated ? isolated : here;
        var error = scenario.Network.Isolated ? null : SourceAddressCheck.Problem(scenario.SourceAddresses);
        foreach (var strategy in scenario.Strategies)
        {
            if (stop.IsCancellationRequested || error is not null)
            {
                break;
            }

            try
            {
                var run = await strategies.RunAsync(scenario, strategy, stop).ConfigureAwait(false);
                var predicted = ScenarioSimulator.Predict(scenario, strategy, run.Result, interval);
                results.Add(run.Result with { Predicted = predicted.Result with { Analysis = null }, Analysis = predicted.Result.Analysis });
                predictedRows.AddRange(predicted.Rows);
                rows.AddRange(run.Rows);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keep what earlier strategies measured; the summary says what went wrong.
                error = $"strategy '{strategy.Name}' failed: {e.Message}";
                break;
            }
        }

        var completed = error is null && !stop.IsCancellationRequested && results.Count == scenario.Strategies.Count;
        var summary = new RunSummary
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            Completed = completed,
            StartedAt = startedAt,
            Target = scenario.Target.Embedded ? "embedded" : $"{scenario.Target.Host}:{scenario.Target.Port}",
            Protocol = Names.Of(scenario.Target.Protocol),
            Host = host,
            Strategies = results,
            Findings = Findings.For(results, scenario.Target.IsLoopback),
            Error = error,
            SamplingIntervalSeconds = interval.TotalSeconds,
        };
        return new ScenarioRun(summary, rows, predictedRows);
    }
}
