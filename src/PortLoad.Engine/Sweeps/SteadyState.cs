using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Sweeps;

/// <summary>One strategy at one offered rate, simulated long enough to be past TIME_WAIT: what it sustains, and when it first fails.</summary>
/// <param name="FirstFailureSeconds">Time to the first failure at this rate; null: none within the simulated time (it holds).</param>
public sealed record SteadyPoint(double Rate, string Strategy, double AchievedPerSecond, double? FirstFailureSeconds);

/// <summary>
/// What a sweep's short runs cannot show: the rate each strategy sustains forever and, at each rate, how long
/// until it first fails. The simulator runs every rate for three TIME_WAIT lengths (cheap), at the sweep's
/// rates and around each strategy's sustainable rate (half, 0.9x, 1.1x, twice), so the curve shows where
/// "fails after a while" turns into "never".
/// </summary>
public static class SteadyState
{
    public const int TimeWaitLengths = 3;

    /// <param name="simulate">Simulates a scenario (the sweep's, with one load phase).</param>
    public static SteadyStateResult Find(Scenario scenario, IReadOnlyList<double> rates, Func<Scenario, ScenarioRun> simulate)
    {
        var probe = simulate(scenario.WithLoad([new InjectPhase(rates.Min(), TimeSpan.FromSeconds(1))]));
        var timeWait = Math.Max(1, probe.Summary.Host.TimeWaitSeconds);
        var sustainable = probe.Summary.Strategies.ToDictionary(s => s.Name, s => s.Analysis?.SustainablePerSecond);
        var around = sustainable.Values.OfType<double>().SelectMany(r => new[] { r * 0.5, r * 0.9, r * 1.1, r * 2 });
        var seconds = TimeWaitLengths * timeWait;
        var points = new List<SteadyPoint>();
        foreach (var rate in rates.Concat(around).Select(r => Math.Round(r, 2)).Where(r => r > 0).Distinct().Order())
        {
            var run = simulate(scenario.WithLoad([new InjectPhase(rate, TimeSpan.FromSeconds(seconds))]));
            foreach (var s in run.Summary.Strategies)
            {
                // Achieved over the last TIME_WAIT length: the ports released are all that new connections can use.
                var last = run.Rows.Where(r => r.Strategy == s.Name && r.T > seconds - timeWait).ToList();
                var achieved = last.Count == 0 ? 0 : last.Sum(r => r.Succeeded) / (last.Count * run.Summary.SamplingIntervalSeconds);
                points.Add(new SteadyPoint(rate, s.Name, Math.Round(achieved, 2), s.FirstFailureSeconds));
            }
        }

        return new SteadyStateResult(seconds, timeWait, sustainable, points);
    }
}

/// <param name="SimulatedSeconds">How long each rate was simulated.</param>
/// <param name="Sustainable">Each strategy's sustainable rate (range / TIME_WAIT, or the NAT's); null: no limit from ports.</param>
public sealed record SteadyStateResult(double SimulatedSeconds, double TimeWaitSeconds, IReadOnlyDictionary<string, double?> Sustainable, IReadOnlyList<SteadyPoint> Points);
