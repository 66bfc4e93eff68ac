using System.Globalization;
using System.Text;
using PortLoad.Charts;

namespace PortLoad.Sweeps;

/// <summary>The throughput-limit chart and table of a sweep.</summary>
public static class SweepReport
{
    public static Chart Chart(IReadOnlyList<SweepPoint> points)
    {
        var rates = points.Select(p => p.Rate).Distinct().Order().ToList();
        var series = new List<Series> { new("offered (no limit)", rates.Select(r => (r, r)).ToList(), LineKind.Dashed) };
        series.AddRange(points.GroupBy(p => p.Strategy).Select(g => new Series(g.Key, g.OrderBy(p => p.Rate).Select(p => (p.Rate, p.AchievedPerSecond)).ToList(), Group: g.Key)));
        return new Chart
        {
            Title = "Throughput limit: achieved versus offered rate",
            X = new Axis("offered requests / s"),
            Y = new Axis("achieved requests / s"),
            Series = series,
        };
    }

    public static string Markdown(string scenario, IReadOnlyList<SweepPoint> points)
    {
        var text = new StringBuilder($"# PortLoad sweep: {scenario}\n\n![throughput limit](throughput-limit.svg)\n\n");
        text.Append("| strategy | highest rate with no failure |\n| --- | --- |\n");
        foreach (var (strategy, limit) in Sweep.Limits(points))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {strategy} | {(limit is { } l ? l.ToString("0.##", CultureInfo.InvariantCulture) + "/s" : "none: failed at the lowest rate")} |\n");
        }

        text.Append("\n| offered / s | strategy | achieved / s | failed | first failure (s) |\n| --- | --- | --- | --- | --- |\n");
        foreach (var p in points)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {p.Rate:0.##} | {p.Strategy} | {p.AchievedPerSecond:0.##} | {p.Failed} | {(p.FirstFailureSeconds is { } f ? f.ToString("0.##", CultureInfo.InvariantCulture) : "-")} |\n");
        }

        return text.ToString();
    }

    public static string Csv(IReadOnlyList<SweepPoint> points) =>
        "rate,strategy,offeredPerSecond,achievedPerSecond,failed,firstFailureSeconds\n"
        + string.Concat(points.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.Rate},{p.Strategy},{p.OfferedPerSecond},{p.AchievedPerSecond},{p.Failed},{p.FirstFailureSeconds}\n")));
}
