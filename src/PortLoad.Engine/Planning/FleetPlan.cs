using System.Text.Json.Serialization;
using PortLoad.Scenarios;
using PortLoad.Results;

namespace PortLoad.Planning;

/// <summary>The grid a plan runs: fleet sizes, new connections a second per instance, and how far ahead to look.</summary>
public sealed record PlanGrid(IReadOnlyList<int> Instances, IReadOnlyList<double> Rates, TimeSpan Horizon);

/// <summary>
/// One strategy at one fleet size and rate, from the simulator.
/// </summary>
/// <param name="FirstFailureSeconds">When the first request failed; null: none did within the horizon.</param>
/// <param name="FailedFraction">Failed requests over those offered within the horizon.</param>
/// <param name="Limit">What binds, in words: the ports that ran out and how long each is held (null: nothing ran out).</param>
/// <param name="TimeWaitPeak">The most client sockets in TIME_WAIT at once, the whole fleet's.</param>
/// <param name="SimulatedSeconds">How much of the horizon was simulated event by event; past it the steady state was carried forward.</param>
public sealed record PlanCell(
    string Strategy,
    int Instances,
    double RatePerInstance,
    double? FirstFailureSeconds,
    double FailedFraction,
    string? Limit,
    long TimeWaitPeak,
    double SimulatedSeconds)
{
    /// <summary>Whether figures past <see cref="SimulatedSeconds"/> were carried forward from the steady state rather than simulated.</summary>
    public bool Extrapolated => FailedFraction > 0 && SimulatedSeconds < HorizonSeconds;

    /// <summary>The horizon the cell answers for.</summary>
    [JsonIgnore]
    public double HorizonSeconds { get; init; }
}

/// <summary>A finished plan: every cell of the grid for every strategy, and the scenario's own fleet and rate.</summary>
/// <param name="ScenarioInstances">The scenario's own fleet size (network.instances).</param>
/// <param name="ScenarioRate">The scenario's own new connections a second per instance (its open-model phases' mean); null without one.</param>
public sealed record FleetPlan(string Scenario, PlanGrid Grid, IReadOnlyList<PlanCell> Cells, int ScenarioInstances, double? ScenarioRate)
{
    /// <summary>The scenario's thresholds on the plan's figures, judged (<see cref="Judge"/>).</summary>
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    public IReadOnlyList<string> Strategies => [.. Cells.Select(c => c.Strategy).Distinct()];

    public PlanCell Cell(string strategy, int instances, double rate) =>
        Cells.Single(c => c.Strategy == strategy && c.Instances == instances && c.RatePerInstance.Equals(rate));

    /// <summary>
    /// The largest fleet of the grid that never fails at the scenario's rate (and at none of the smaller fleets); 0
    /// when even the smallest fails; null when the scenario has no open-model rate to ask it at.
    /// </summary>
    public int? MaxInstances(string strategy) => ScenarioRate is { } rate ? Largest(Grid.Instances, n => Cell(strategy, n, rate)) : null;

    /// <summary>The highest rate per instance of the grid that never fails at the scenario's fleet size; 0 when even the lowest fails.</summary>
    public double MaxRatePerInstance(string strategy) => Largest(Grid.Rates, r => Cell(strategy, ScenarioInstances, r));

    /// <summary>Per rate, the largest fleet that never fails at it (0: none): the sustainable frontier.</summary>
    public IReadOnlyList<(double Rate, int Instances)> Frontier(string strategy) =>
        [.. Grid.Rates.Select(r => (r, Largest(Grid.Instances, n => Cell(strategy, n, r))))];

    /// <summary>The plan's figures that thresholds name (<see cref="ThresholdMetrics.Plan"/>), judged per strategy; thresholds on a run's figures are not the plan's and are left out.</summary>
    public IReadOnlyList<ThresholdResult> Judge(IReadOnlyList<ThresholdOptions> thresholds) =>
        [.. from t in thresholds
            where ThresholdMetrics.Plan.Contains(t.Metric)
            from strategy in Strategies
            where t.Strategy == ThresholdOptions.EveryStrategy || t.Strategy == strategy
            let value = t.Metric == ThresholdMetrics.PlanMaxInstances ? MaxInstances(strategy) : (double?)MaxRatePerInstance(strategy)
            select new ThresholdResult(strategy, t.Metric, t.Min, t.Max, value, t.Passes(value))];

    private static T Largest<T>(IReadOnlyList<T> values, Func<T, PlanCell> cell)
        where T : struct =>
        values.OrderBy(v => v).TakeWhile(v => cell(v).FirstFailureSeconds is null).LastOrDefault();
}
