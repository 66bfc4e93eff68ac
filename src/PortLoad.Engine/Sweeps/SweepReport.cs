using System.Globalization;
using System.Text;
using PortLoad.Charts;

namespace PortLoad.Sweeps;

/// <summary>
/// The throughput-limit and time-to-exhaustion charts and the table of a sweep. The steady state (past
/// TIME_WAIT, from the simulator) is what a strategy sustains; the sweep's own runs are bursts, shown as such.
/// </summary>
public static class SweepReport
{
    public static Chart Chart(SweepResult sweep)
    {
        var steady = sweep.Steady?.Points ?? [];
        var rates = sweep.Points.Select(p => p.Rate).Concat(steady.Select(p => p.Rate)).Distinct().Order().ToList();
        var series = new List<Series> { new("offered (no limit)", rates.Select(r => (r, r)).ToList(), LineKind.Dashed) };
        foreach (var strategy in sweep.Points.Select(p => p.Strategy).Distinct())
        {
            var steadyPoints = steady.Where(p => p.Strategy == strategy).OrderBy(p => p.Rate).Select(p => (p.Rate, p.AchievedPerSecond)).ToList();
            if (steadyPoints.Count > 0)
            {
                series.Add(new Series($"{strategy} (steady state)", steadyPoints, Group: strategy));
            }

            var burst = sweep.Points.Where(p => p.Strategy == strategy).OrderBy(p => p.Rate).Select(p => (p.Rate, p.AchievedPerSecond)).ToList();
            series.Add(new Series(steadyPoints.Count > 0 ? $"{strategy} ({Seconds(sweep.BurstSeconds)} burst)" : strategy, burst, steadyPoints.Count > 0 ? LineKind.Dotted : LineKind.Solid, Group: strategy));
        }

        return new Chart
        {
            Title = sweep.Steady is null ? "Throughput limit: achieved versus offered rate" : "Throughput limit: achieved versus offered, in steady state and in the sweep's bursts",
            X = new Axis("offered requests / s"),
            Y = new Axis("achieved requests / s"),
            Series = series,
            Markers = SustainableMarkers(sweep, "sustainable"),
        };
    }

    /// <summary>Time to the first failure against the offered rate (both axes logarithmic); rates that never fail are left out.</summary>
    public static Chart TimeToExhaustionChart(SweepResult sweep)
    {
        var steady = sweep.Steady?.Points ?? [];
        var series = steady.GroupBy(p => p.Strategy)
            .Select(g => new Series(g.Key, g.Where(p => p.FirstFailureSeconds is > 0).OrderBy(p => p.Rate).Select(p => (p.Rate, p.FirstFailureSeconds!.Value)).ToList(), Group: g.Key))
            .Where(s => s.Points.Count > 0)
            .ToList();
        return new Chart
        {
            Title = sweep.Steady is null ? "Time to the first failure (no steady state worked out)"
                : Invariant.Format($"Time to the first failure at each offered rate (simulated for {sweep.Steady.SimulatedSeconds:0} s)"),
            // From below the lowest sustainable rate, so "never below" is on the chart.
            X = new Axis("offered requests / s", AxisKind.Log, Min: steady.Count == 0 ? null : 0.7 * steady.Select(p => p.Rate).Concat(Sustainable(sweep)).Min()),
            Y = new Axis("seconds to the first failure", AxisKind.Log),
            Series = series,
            Markers = SustainableMarkers(sweep, "never below"),
        };
    }

    public static string Markdown(SweepResult sweep)
    {
        var text = new StringBuilder($"# PortLoad sweep: {sweep.Scenario}\n\n![throughput limit](throughput-limit.svg)\n\n");
        if (sweep.Steady is { } steady)
        {
            text.Append("![time to exhaustion](time-to-exhaustion.svg)\n\n");
            text.Append(CultureInfo.InvariantCulture, $"| strategy | sustainable (steady state) | highest rate with no failure in a {Seconds(sweep.BurstSeconds)} burst |\n| --- | --- | --- |\n");
            foreach (var (strategy, limit) in Sweep.Limits(sweep.Points))
            {
                var sustainable = steady.Sustainable.GetValueOrDefault(strategy) is { } r ? Rate(r) : "no limit from ports";
                text.Append(CultureInfo.InvariantCulture, $"| {strategy} | {sustainable} | {Burst(limit)} |\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"\nA burst is not a limit: past TIME_WAIT ({steady.TimeWaitSeconds:0} s) a strategy keeps only its sustainable rate. Steady state: the simulator, {steady.SimulatedSeconds:0} s at each rate.\n");
        }
        else
        {
            text.Append("| strategy | highest rate with no failure |\n| --- | --- |\n");
            foreach (var (strategy, limit) in Sweep.Limits(sweep.Points))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {strategy} | {Burst(limit)} |\n");
            }
        }

        text.Append("\n| offered / s | strategy | achieved / s | failed | first failure (s) | steady achieved / s | first failure in steady state |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var p in sweep.Points)
        {
            var s = SteadyAt(sweep, p);
            text.Append(CultureInfo.InvariantCulture, $"| {p.Rate:0.##} | {p.Strategy} | {p.AchievedPerSecond:0.##} | {p.Failed} | {Number(p.FirstFailureSeconds)} | {(s is null ? "-" : Number(s.AchievedPerSecond))} | {(s is null ? "-" : s.FirstFailureSeconds is { } f ? $"after {Number(f)} s" : "never")} |\n");
        }

        return text.ToString();
    }

    public static string Csv(SweepResult sweep) =>
        "rate,strategy,offeredPerSecond,achievedPerSecond,failed,firstFailureSeconds,steadyAchievedPerSecond,steadyFirstFailureSeconds\n"
        + string.Concat(sweep.Points.Select(p =>
        {
            var s = SteadyAt(sweep, p);
            return string.Create(CultureInfo.InvariantCulture, $"{p.Rate},{p.Strategy},{p.OfferedPerSecond},{p.AchievedPerSecond},{p.Failed},{p.FirstFailureSeconds},{s?.AchievedPerSecond},{s?.FirstFailureSeconds}\n");
        }));

    private static SteadyPoint? SteadyAt(SweepResult sweep, SweepPoint p) =>
        sweep.Steady?.Points.FirstOrDefault(s => s.Strategy == p.Strategy && Math.Abs(s.Rate - p.Rate) < 0.01);

    private static IEnumerable<double> Sustainable(SweepResult sweep) => sweep.Steady?.Sustainable.Values.OfType<double>() ?? [];

    private static List<Marker> SustainableMarkers(SweepResult sweep, string label) =>
        sweep.Steady?.Sustainable.Where(s => s.Value is not null)
            .Select(s => new Marker(s.Value!.Value, $"{s.Key}: {label} {Rate(s.Value.Value)}")).ToList() ?? [];

    private static string Burst(double? limit) => limit is { } l ? Rate(l) : "none: failed at the lowest rate";

    private static string Rate(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture) + "/s";

    private static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";

    private static string Seconds(double seconds) => seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
