using PortLoad.Load;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Sweeps;

/// <summary>One strategy at one offered rate, from a sweep.</summary>
public sealed record SweepPoint(double Rate, string Strategy, double OfferedPerSecond, double AchievedPerSecond, long Failed, double? FirstFailureSeconds);

/// <summary>
/// A throughput-limit sweep: the scenario's load is replaced by one open-model phase at each rate, for
/// as long as the scenario's load lasted, and every strategy runs at every rate (in fresh namespaces
/// when the scenario is isolated). The limit of a strategy is the highest rate it sustained with no failure.
/// </summary>
public static class Sweep
{
    public static async Task<IReadOnlyList<SweepPoint>> RunAsync(
        Scenario scenario, IReadOnlyList<double> rates, Func<Scenario, Task<ScenarioRun>> run, Action<double>? onRate = null)
    {
        var duration = new LoadTimeline(scenario.Load).Duration;
        var points = new List<SweepPoint>();
        foreach (var rate in rates)
        {
            onRate?.Invoke(rate);
            var result = await run(scenario.WithLoad([new InjectPhase(rate, duration)])).ConfigureAwait(false);
            points.AddRange(result.Summary.Strategies.Select(s => new SweepPoint(
                rate, s.Name, s.Throughput.OfferedPerSecond, s.Throughput.AchievedPerSecond, s.Requests.Failed, s.FirstFailureSeconds)));
        }

        return points;
    }

    /// <summary>Per strategy, the highest rate sustained with no failed request; null when even the lowest failed.</summary>
    public static IReadOnlyDictionary<string, double?> Limits(IReadOnlyList<SweepPoint> points) =>
        points.GroupBy(p => p.Strategy).ToDictionary(
            g => g.Key,
            g => g.OrderBy(p => p.Rate).TakeWhile(p => p.Failed == 0).Select(p => (double?)p.Rate).LastOrDefault());

    /// <summary>Rates from <paramref name="from"/> to <paramref name="to"/> in <paramref name="steps"/> even steps.</summary>
    public static IReadOnlyList<double> Steps(double from, double to, int steps) =>
        steps <= 1 ? [from] : Enumerable.Range(0, steps).Select(i => from + ((to - from) * i / (steps - 1))).ToList();
}

/// <summary>A finished sweep: what its folder holds.</summary>
/// <param name="BurstSeconds">How long each rate ran (the scenario's load duration).</param>
public sealed record SweepResult(string Scenario, IReadOnlyList<SweepPoint> Points, double BurstSeconds = 0)
{
    /// <summary>The steady state past TIME_WAIT, from the simulator; null when not worked out.</summary>
    public SteadyStateResult? Steady { get; init; }
}
