using System.Text.Json;
using PortLoad.Charts;
using PortLoad.HostInfo;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Cli.Output;

/// <summary>
/// <c>run --web</c>: a page on 127.0.0.1 for the room, fed by server-sent events from the same live figures the
/// terminal dashboard reads: per strategy, ports in use against the port space (a chart made from the report's
/// chart definitions by OxyPlot), offered and achieved rates, failures by kind, p99 and the first failure; at the
/// end, the report itself. Nothing is fetched from the network: the page is one file served from here.
/// </summary>
internal sealed class WebDashboard : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(ResultJson.Options) { WriteIndented = false };
    private readonly Scenario _scenario;
    private readonly HostFacts _host;
    private readonly List<(FollowedStrategy Strategy, List<(double T, long TimeWait, long Established)> History)> _followed = [];
    private readonly ITimer _timer;
    private LivePage? _page;
    private volatile string _state = "{}";

    private WebDashboard(Scenario scenario, HostFacts host)
    {
        _scenario = scenario;
        _host = host;
        _timer = TimeProvider.System.CreateTimer(_ => Update(), null, TimeSpan.Zero, LivePage.Tick);
    }

    public string Url => _page!.Url;

    public static async Task<WebDashboard> StartAsync(Scenario scenario, HostFacts host, int port)
    {
        var dashboard = new WebDashboard(scenario, host);
        try
        {
            dashboard._page = await LivePage.StartAsync(port, WebDashboardPage.Html, () => dashboard._state).ConfigureAwait(false);
            return dashboard;
        }
        catch
        {
            await dashboard._timer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void Follow(StrategyOptions strategy, ILiveFigures figures)
    {
        lock (_followed)
        {
            _followed.Add((new FollowedStrategy(strategy, figures, SettingsInForce.For(_scenario, strategy, _host).PortSpace), []));
        }
    }

    /// <summary>The run is over and its results are in <paramref name="folder"/>: the page shows the report.</summary>
    public void Finish(string? folder)
    {
        lock (_followed)
        {
            _followed.ForEach(f => f.Strategy.Finish());
        }

        _page!.ReportFolder = folder;
        Update();
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        if (_page is not null)
        {
            await _page.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Update()
    {
        List<object> strategies;
        lock (_followed)
        {
            // In the scenario's order, whichever started first (strategies run at once start in any order).
            strategies = _followed.OrderBy(f => _scenario.IndexOf(f.Strategy.Strategy)).Select(f => Describe(f.Strategy, f.History)).ToList();
        }

        _state = JsonSerializer.Serialize(new { scenario = _scenario.Name, report = _page?.ReportFolder is null ? null : "/report", strategies }, Json);
    }

    private static object Describe(FollowedStrategy s, List<(double T, long TimeWait, long Established)> history)
    {
        s.Observe();
        var f = s.Figures;
        var counts = f.LastCounts;
        if (!s.Finished && counts is { } c && (history.Count == 0 || history[^1].T < s.Elapsed.TotalSeconds))
        {
            history.Add((Math.Round(s.Elapsed.TotalSeconds, 2), c.TimeWait, c.Established));
        }

        var first = f.FirstFailureSeconds is { } at ? Invariant.Format($"first {(f.FirstFailureKind is { } k ? Names.Failures[k] : "failure")} at {at:0.00} s") : null;
        var chart = new Chart
        {
            Title = "ports in use",
            X = new Axis("time", AxisKind.Time),
            Y = new Axis("sockets"),
            Series =
            [
                new Series("TIME_WAIT", history.Select(h => (h.T, (double)h.TimeWait)).ToList(), Group: "time_wait"),
                new Series("ESTABLISHED", history.Select(h => (h.T, (double)h.Established)).ToList(), Group: "established"),
            ],
            ReferenceLines = [new ReferenceLine(s.PortSpace, Invariant.Format($"port space {s.PortSpace:N0}"))],
            Markers = f.FirstFailureSeconds is { } t && first is not null ? [new Marker(t, first)] : [],
        };
        return new
        {
            name = s.Strategy.Name,
            finished = s.Finished,
            elapsedSeconds = Math.Round(s.Elapsed.TotalSeconds, 1),
            portSpace = s.PortSpace,
            portsInUse = s.PortsInUse,
            timeWait = counts?.TimeWait ?? 0,
            established = counts?.Established ?? 0,
            attemptedPerSecond = Math.Round(s.AttemptedPerSecond, 1),
            achievedPerSecond = Math.Round(s.AchievedPerSecond, 1),
            p99Ms = f.P99 is { } p99 ? Math.Round(p99.TotalMilliseconds, 2) : (double?)null,
            failures = FailureKinds.All.Where(k => f.Failures(k) > 0).ToDictionary(k => Names.Failures[k], f.Failures),
            firstFailure = first,
            chart = Plots.Svg(chart, document: false),
        };
    }
}
