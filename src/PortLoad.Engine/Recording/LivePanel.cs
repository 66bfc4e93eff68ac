using System.Text.Json.Serialization;
using PortLoad.Charts;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>What a live page shows of a run: the scenario, each of its strategies, and where the report is once written.</summary>
public sealed record LiveState(string Scenario, string? Report, IReadOnlyList<LivePanel> Strategies);

/// <summary>
/// What every chart of one page shares, so that panels side by side compare at a glance: the time axis (the load's
/// length, or longer once a run has gone on longer), the sockets axis (the largest port space, so that a pool's 8 ports
/// look like 8 of 1,000), and each strategy's first failure, marked on every chart.
/// </summary>
public sealed record LiveAxes(double Seconds, long Sockets, IReadOnlyList<Marker> FirstFailures)
{
    /// <summary>Room above the largest port space for its line's label.</summary>
    public double SocketsMax => Math.Max(1, Sockets) * 1.2;
}

/// <summary>
/// One strategy's panel on a live page: whether it waits, runs or has finished, ports in use against its port space,
/// offered and achieved rates, p99, failures by kind, the first failure in words, and a chart of TIME_WAIT and
/// ESTABLISHED over time (its definition: a renderer draws it, and a page may be sent it less often than the figures).
/// </summary>
public sealed record LivePanel(
    string Name,
    string State,
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
    public const string Waiting = "waiting";
    public const string Running = "running";
    public const string Finished = "finished";

    /// <summary>
    /// The panel of <paramref name="strategy"/> now: takes a look at its figures, and adds this moment to
    /// <paramref name="history"/> (the chart's points) while it runs and time has moved on.
    /// </summary>
    public static LivePanel Of(FollowedStrategy strategy, List<(double T, long TimeWait, long Established)> history, LiveAxes axes)
    {
        strategy.Observe();
        var f = strategy.Figures;
        var counts = f.LastCounts;
        if (!strategy.Finished && counts is { } c && (history.Count == 0 || history[^1].T < strategy.Elapsed.TotalSeconds))
        {
            history.Add((Math.Round(strategy.Elapsed.TotalSeconds, 2), c.TimeWait, c.Established));
        }

        var first = f.FirstFailureSeconds is { } at ? Invariant.Format($"first {Kind(f)} at {at:0.00} s") : null;
        return new LivePanel(
            strategy.Strategy.Name,
            strategy.Finished ? Finished : Running,
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
            ChartOf(history, strategy.PortSpace, axes));
    }

    /// <summary>The panel of a strategy that has not started: the run takes the strategies one after another.</summary>
    public static LivePanel Before(string name, long portSpace, LiveAxes axes) =>
        new(name, Waiting, 0, portSpace, 0, 0, 0, 0, 0, null, new Dictionary<string, long>(), null, ChartOf([], portSpace, axes));

    /// <summary>Where <paramref name="strategy"/> first failed, to mark on every chart; null while it has not.</summary>
    public static Marker? FirstFailureOf(FollowedStrategy strategy) =>
        strategy.Figures.FirstFailureSeconds is { } at ? new Marker(at, $"{strategy.Strategy.Name}: {Kind(strategy.Figures)}") : null;

    /// <summary>The panel's chart: TIME_WAIT and ESTABLISHED over <paramref name="history"/>, the port space, and every first failure.</summary>
    public static Chart ChartOf(IReadOnlyList<(double T, long TimeWait, long Established)> history, long portSpace, LiveAxes axes) => new()
    {
        Title = "",
        X = new Axis("time", AxisKind.Time, Max: axes.Seconds),
        Y = new Axis("sockets", Max: axes.SocketsMax),
        Series =
        [
            new Series("TIME_WAIT", history.Select(h => (h.T, (double)h.TimeWait)).ToList(), Group: "time_wait"),
            new Series("ESTABLISHED", history.Select(h => (h.T, (double)h.Established)).ToList(), Group: "established"),
        ],
        ReferenceLines = [new ReferenceLine(portSpace, Invariant.Format($"port space {portSpace:N0}"))],
        Markers = axes.FirstFailures,
    };

    private static string Kind(ILiveFigures figures) => figures.FirstFailureKind is { } k ? Names.Failures[k] : "failure";
}
