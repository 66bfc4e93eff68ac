using System.Globalization;
using PortLoad.Load;
using Spectre.Console;
using Spectre.Console.Rendering;
using PortLoad.Recording;
using PortLoad.Scenarios;

namespace PortLoad.Cli.Output;

/// <summary>
/// The live view of a run, made to read at 80 columns: per running strategy a panel with a gauge of
/// the port space in use (TIME_WAIT + ESTABLISHED against range x source addresses) and a TIME_WAIT
/// sparkline, offered and achieved rates, p99 latency, failures by kind, elapsed and remaining
/// time; a finished strategy shrinks to one line.
/// </summary>
internal static class Dashboard
{
    private const int GaugeWidth = 20;
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static IRenderable Build(IReadOnlyList<FollowedStrategy> strategies, LoadTimeline timeline)
    {
        var rows = new List<IRenderable>();
        foreach (var s in strategies)
        {
            rows.Add(s.Finished ? new Markup(FinishedLine(s)) : Running(s, timeline));
        }

        return new Rows(rows);
    }

    private static Panel Running(FollowedStrategy s, LoadTimeline timeline)
    {
        var f = s.Figures;
        var elapsed = s.Elapsed;
        var total = timeline.Duration;
        var clock = elapsed < total
            ? Invariant.Format($"{elapsed.TotalSeconds:0.0} of {total.TotalSeconds:0} s, {(total - elapsed).TotalSeconds:0} s left")
            : Invariant.Format($"{total.TotalSeconds:0} s of load done, finishing requests");
        var lines = new List<string>
        {
            PortsLine(s),
            RateLine(s, timeline.OfferedRateAt(elapsed)),
            FailuresLine(f),
        };
        return new Panel(new Markup(string.Join('\n', lines)))
            .Header(Invariant.Format($" [bold]{Markup.Escape(Short(s.Strategy.Name, 30))}[/] {clock} "))
            .Border(BoxBorder.Rounded)
            .Expand();
    }

    /// <summary>"ports [gauge] 1,000 of 1,000 100%  TIME_WAIT [sparkline]".</summary>
    public static string PortsLine(FollowedStrategy s)
    {
        var inUse = s.PortsInUse;
        var share = s.PortSpace > 0 ? Math.Min(1.0, (double)inUse / s.PortSpace) : 0;
        var filled = (int)Math.Round(share * GaugeWidth);
        var color = share >= 0.9 ? "red" : share >= 0.5 ? "yellow" : "green";
        var gauge = $"[{color}]{new string('█', filled)}[/][grey]{new string('░', GaugeWidth - filled)}[/]";
        return Invariant.Format($"ports {gauge} {Count(inUse)} of {Count(s.PortSpace)} {share:0%}  TW {Sparkline(s.TimeWaitHistory)}");
    }

    public static string RateLine(FollowedStrategy s, double? offered)
    {
        var offeredText = offered is { } rate ? Rate(rate) : Rate(s.AttemptedPerSecond) + " (closed)";
        var retries = s.Strategy.Resilience is null ? "" : $"  retries [yellow]{Rate(s.RetriesPerSecond)}[/]";
        var p99 = s.Figures.P99 is { } latency ? Invariant.Format($"{latency.TotalMilliseconds:0.#} ms") : "-";
        return $"rate  offered {offeredText}  achieved [bold]{Rate(s.AchievedPerSecond)}[/]{retries}  p99 {p99}";
    }

    public static string FailuresLine(ILiveFigures f)
    {
        var kinds = FailureKinds.All.Select(k => (Kind: k, Count: f.Failures(k))).Where(k => k.Count > 0).ToList();
        if (kinds.Count == 0)
        {
            return Invariant.Format($"ok    {Count(f.Succeeded)} requests, [green]no failures[/]");
        }

        var shown = string.Join("  ", kinds.Take(3).Select(k => $"{Names.Failures[k.Kind]} {Count(k.Count)}"));
        var more = kinds.Count > 3 ? " …" : "";
        return $"ok    {Count(f.Succeeded)}  [red]failed {Count(f.Failed)}[/]: {shown}{more}";
    }

    public static string FinishedLine(FollowedStrategy s)
    {
        var f = s.Figures;
        var failed = f.Failed > 0 ? $"[red]failed {Count(f.Failed)}[/]" : "no failures";
        return Invariant.Format($"[green]✔[/] [bold]{Markup.Escape(Short(s.Strategy.Name, 24))}[/] {s.Elapsed.TotalSeconds:0.0} s: ok {Count(f.Succeeded)}, {failed}, TIME_WAIT peak {Count(s.TimeWaitPeak)}");
    }

    /// <summary>One block per look, scaled to the highest of them: the trend; the gauge gives the level.</summary>
    public static string Sparkline(IReadOnlyCollection<long> values)
    {
        var ceiling = values.Count == 0 ? 0 : values.Max();
        return string.Concat(values.Select(v => ceiling <= 0 ? Blocks[0] : Blocks[(int)Math.Round((double)v / ceiling * (Blocks.Length - 1))]));
    }

    private static string Rate(double perSecond) => Invariant.Format($"{Count((long)Math.Round(perSecond))}/s");

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Short(string name, int max) => name.Length <= max ? name : name[..(max - 1)] + "…";
}
