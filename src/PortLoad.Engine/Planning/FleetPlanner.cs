using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Planning;

/// <summary>
/// Runs the simulator over a grid of fleet sizes and rates per instance, every strategy of a scenario at each cell,
/// with the scenario's own fleet and rate added to the grid so that its answer is a cell.
/// <para>
/// A cell's load is constant, so the ports held settle once the longest hold has passed (TIME_WAIT or the NAT's
/// release delay, plus the longest request): whatever runs out runs out by then, and what has not never will. A cell
/// is therefore simulated event by event until then and for four cycles of the steady state more (or for the horizon,
/// when shorter): its first failure and TIME_WAIT peak are exact. Past that, what gets through is what got through in
/// those cycles, and the rest of the offered load fails; <see cref="PlanCell.Extrapolated"/> says so. FleetPlannerTests checks this against the whole horizon simulated.
/// </para>
/// </summary>
public static class FleetPlanner
{
    /// <param name="progress">Called with cells done and cells in all, from any thread.</param>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> stopped the plan before every cell was done.</exception>
    public static FleetPlan Plan(Scenario scenario, PlanGrid grid, Action<int, int>? progress = null, CancellationToken token = default)
    {
        var rate = ScenarioRate(scenario);
        grid = grid with
        {
            Instances = [.. grid.Instances.Append(scenario.Network.Instances).Distinct().Order()],
            Rates = [.. (rate is { } r ? grid.Rates.Append(r) : grid.Rates).Distinct().Order()],
        };
        var work = (from strategy in scenario.Strategies from n in grid.Instances from perInstance in grid.Rates select (strategy, n, perInstance)).ToList();
        var cells = new PlanCell[work.Count];
        var done = 0;
        Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = token }, i =>
        {
            var (strategy, n, perInstance) = work[i];
            cells[i] = Cell(scenario, strategy, n, perInstance, grid.Horizon);
            progress?.Invoke(Interlocked.Increment(ref done), work.Count);
        });
        return new FleetPlan(scenario.Name, grid, cells, scenario.Network.Instances, rate);
    }

    /// <summary>The scenario's new requests a second per instance: its open-model phases' mean; null when it has none.</summary>
    public static double? ScenarioRate(Scenario scenario)
    {
        var open = new LoadTimeline([.. scenario.Load.Where(p => p is InjectPhase or RampInjectPhase)]);
        return open.Duration > TimeSpan.Zero ? open.ScheduledBetween(TimeSpan.Zero, open.Duration) / open.Duration.TotalSeconds : null;
    }

    /// <summary>One strategy of <paramref name="scenario"/> run by <paramref name="instances"/> instances at <paramref name="rate"/> each, for <paramref name="horizon"/>.</summary>
    public static PlanCell Cell(Scenario scenario, StrategyOptions strategy, int instances, double rate, TimeSpan horizon)
    {
        var fleet = scenario with { Network = scenario.Network with { Instances = instances } };
        var host = SimulatedHost.For(fleet, strategy: strategy);
        var (cycle, settle) = Holds(fleet, strategy, host);
        var simulated = SimulatedSpan(horizon.TotalSeconds, settle, cycle);
        var load = fleet.WithLoad([new InjectPhase(rate, TimeSpan.FromSeconds(simulated))]);
        var interval = ScenarioSimulator.IntervalFor(load, TimeSpan.FromSeconds(1));
        var run = ScenarioSimulator.Simulate(load, strategy, host, interval);
        var result = run.Result;
        var offered = rate * instances * horizon.TotalSeconds;
        var failed = (double)result.Requests.Failed;
        if (simulated < horizon.TotalSeconds && failed > 0)
        {
            // The steady state repeats every cycle (each port is taken once a cycle) and what is left of the horizon is
            // whole cycles: each lets through what the last cycles simulated did, and the rest of the offered load fails.
            var perCycle = SucceededBetween(run.Rows, simulated - (SteadyCycles * cycle), simulated, interval.TotalSeconds) / SteadyCycles;
            var cycles = (horizon.TotalSeconds - simulated) / cycle;
            failed += Math.Max(0, (rate * instances * (horizon.TotalSeconds - simulated)) - (perCycle * cycles));
        }

        var analysis = StrategyAnalysis.For(strategy, host, Segment.Copies(load, instances).Load);
        return new PlanCell(
            strategy.Name,
            instances,
            rate,
            result.FirstFailureSeconds,
            offered > 0 ? Math.Min(1, failed / offered) : 0,
            result.Requests.Failed > 0 ? LimitWords(analysis, result, instances, host.Options.Nat?.PerInstance == true) : null,
            result.TimeWait.Peak,
            simulated)
        { HorizonSeconds = horizon.TotalSeconds };
    }

    /// <summary>Cycles of the steady state a cell simulates past the settling, to measure what gets through.</summary>
    private const int SteadyCycles = 4;

    /// <summary>
    /// How much of the horizon to simulate: all of it when it is not much longer than the settling and the steady
    /// cycles; otherwise those and the part of a cycle that leaves whole cycles to the end of the horizon, so that
    /// what is carried forward starts and ends at the same point of a cycle.
    /// </summary>
    private static double SimulatedSpan(double horizon, double settle, double cycle)
    {
        var steady = settle + (SteadyCycles * cycle);
        return horizon <= steady + cycle ? horizon : horizon - (Math.Floor((horizon - steady) / cycle) * cycle);
    }

    /// <summary>Requests that succeeded in (<paramref name="from"/>, <paramref name="to"/>], a row cut by the bounds counted in proportion.</summary>
    private static double SucceededBetween(IReadOnlyList<TimeSeriesRow> rows, double from, double to, double interval) =>
        rows.Sum(row => row.Succeeded * Math.Max(0, Math.Min(row.T, to) - Math.Max(row.T - interval, from)) / interval);

    /// <summary>
    /// A port's cycle (the request, then TIME_WAIT or the NAT's release delay, whichever is longer: then it is free) and
    /// how long the ports held take to settle (a cycle plus the longest request, a timeout or retries included).
    /// </summary>
    private static (double Cycle, double Settle) Holds(Scenario scenario, StrategyOptions strategy, SimulatedHost host)
    {
        var afterClose = Math.Max(strategy.ClientHoldsTimeWait ? host.TimeWaitSeconds : 0, host.Options.Nat?.ReleaseAfter.TotalSeconds ?? 0);
        var cycle = Math.Max(1, afterClose + host.Options.ServiceTime.TotalSeconds);
        return (cycle, cycle + scenario.LongestRequest(strategy).TotalSeconds + 1);
    }

    /// <summary>
    /// The limit that ran out, with its ports and hold ("NAT ports (aws-nat-gateway): 55,000 ports, each held 60s,
    /// sustain 917 new connections/s"), or the failure's kind. Ports each instance has of its own (its local ports, an
    /// Azure SNAT allocation) are counted an instance, so that the words do not change with the fleet's size.
    /// </summary>
    public static string LimitWords(Analysis analysis, StrategyResult result, int instances = 1, bool natPerInstance = false)
    {
        if (analysis is { SustainablePerSecond: { } sustainable, HoldSeconds: { } hold } && analysis.Limit.Kind is not (LimitKind.PooledConnections or LimitKind.NoPortKept))
        {
            var own = analysis.Limit.Kind != LimitKind.NatPorts || natPerInstance;
            var share = own ? instances : 1;
            var per = own ? " an instance" : "";
            return Invariant.Format($"{analysis.Limit}: {sustainable * hold / share:N0} ports{per}, each held {Duration.Format(TimeSpan.FromSeconds(hold))}, sustain {sustainable / share:N0} new connections/s{per}");
        }

        var kind = result.FirstFailureKind is { } k ? Names.Failures[k] : "failures";
        return $"{kind} with no port limit reached (connections open at once, or the request timeout)";
    }
}
