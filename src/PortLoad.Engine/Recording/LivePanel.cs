using System.Text.Json.Serialization;
using PortLoad.Charts;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>What a live page shows of a run: the scenario, each strategy followed so far, and where the report is once written.</summary>
public sealed record LiveState(string Scenario, string? Report, IReadOnlyList<LivePanel> Strategies);

/// <summary>
/// One strategy's panel on a live page: ports in use against its port space, offered and achieved rates, p99, failures by
/// kind, the first failure in words, and a chart of TIME_WAIT and ESTABLISHED over time (its definition: a renderer
/// draws it, and a page may be sent it less often than the figures).
/// </summary>
public sealed record LivePanel(
    string Name,
    bool Finished,
    double ElapsedSeconds,
    long PortSpace,
    long PortsInUse,
    long TimeWait,
    long Established,
    double AttemptedPerSecond,
    double AchievedPerSecond,
    double? P99Ms,
    IReadOnlyDictionary<string, long> Failures,
    string? FirstFailure,
    [property: JsonIgnore] Chart Chart)
{
    /// <summary>
    /// The panel of <paramref name="strategy"/> now: takes a look at its figures, and adds this moment to
    /// <paramref name="history"/> (the chart's points) while it runs and time has moved on.
    /// </summary>
    public static LivePanel Of(FollowedStrategy strategy, List<(double T, long TimeWait, long Established)> history)
    {
        strategy.Observe();
        var f = strategy.Figures;
        var counts = f.LastCounts;
        if (!strategy.Finished && counts is { } c && (history.Count == 0 || history[^1].T < strategy.Elapsed.TotalSeconds))
        {
            history.Add((Math.Round(strategy.Elapsed.TotalSeconds, 2), c.TimeWait, c.Established));
        }

        var first = f.FirstFailureSeconds is { } at ? Invariant.Format($"first {(f.FirstFailureKind is { } k ? Names.Failures[k] : "failure")} at {at:0.00} s") : null;
        var chart = ChartOf(history, strategy.PortSpace, f.FirstFailureSeconds is { } t && first is not null ? new Marker(t, first) : null);
        return new LivePanel(
            strategy.Strategy.Name,
            strategy.Finished,
            Math.Round(strategy.Elapsed.TotalSeconds, 1),
            strategy.PortSpace,
            strategy.PortsInUse,
            counts?.TimeWait ?? 0,
            counts?.Established ?? 0,
            Math.Round(strategy.AttemptedPerSecond, 1),
            Math.Round(strategy.AchievedPerSecond, 1),
            f.P99 is { } p99 ? Math.Round(p99.TotalMilliseconds, 2) : null,
            FailureKinds.All.Where(k => f.Failures(k) > 0).ToDictionary(k => Names.Failures[k], f.Failures),
            first,
            chart);
    }

    /// <summary>The panel's chart: TIME_WAIT and ESTABLISHED over <paramref name="history"/>, the port space, and the first failure.</summary>
    public static Chart ChartOf(IReadOnlyList<(double T, long TimeWait, long Established)> history, long portSpace, Marker? firstFailure) => new()
    {
        Title = "ports in use",
        X = new Axis("time", AxisKind.Time),
        Y = new Axis("sockets"),
        Series =
        [
            new Series("TIME_WAIT", history.Select(h => (h.T, (double)h.TimeWait)).ToList(), Group: "time_wait"),
            new Series("ESTABLISHED", history.Select(h => (h.T, (double)h.Established)).ToList(), Group: "established"),
        ],
        ReferenceLines = [new ReferenceLine(portSpace, Invariant.Format($"port space {portSpace:N0}"))],
        Markers = firstFailure is null ? [] : [firstFailure],
    };
}
