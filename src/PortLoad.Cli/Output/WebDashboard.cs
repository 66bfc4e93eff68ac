using System.Text.Encodings.Web;
using System.Text.Json;
using PortLoad.Charts;
using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Cli.Output;

/// <summary>
/// <c>run --web</c>: a page on 127.0.0.1 for the room, fed by server-sent events from the same live figures the
/// terminal dashboard reads. Every strategy of the scenario has its panel from the start, side by side: waiting,
/// running or finished, ports in use against the port space (a chart drawn by OxyPlot for a dark page, on axes every
/// panel shares, with every strategy's first failure marked), offered and achieved rates, failures by kind, p99 and
/// the first failure; at the end, a link to the report. Nothing is fetched from the network: the page is one file
/// served from here.
/// </summary>
/// <remarks>
/// Kept light for the run it shows: the figures are taken and encoded on a thread of the page's own, not the load's
/// thread pool, once per <see cref="LivePage.Tick"/> whatever the number of pages; a chart is redrawn, and sent,
/// only when it gained points and at most every <see cref="ChartEvery"/> (and once more when its strategy ends).
/// </remarks>
internal sealed class WebDashboard : IAsyncDisposable
{
    public static readonly TimeSpan ChartEvery = TimeSpan.FromSeconds(2);
    // Relaxed: read by JSON.parse only, and an SVG's every quote and angle bracket as \u0022 would make the chart twice as long.
    private static readonly JsonSerializerOptions Json = new(ResultJson.Options) { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Scenario _scenario;
    private readonly LoadTimeline _timeline;
    private readonly ChartLook _look;
    private readonly List<Panel> _panels;
    private readonly LiveFeed _feed = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _updater;
    private LivePage? _page;

    private WebDashboard(Scenario scenario, HostFacts host)
    {
        _scenario = scenario;
        _timeline = new LoadTimeline(scenario.Load);
        _look = LookFor(scenario.Strategies.Count);
        _panels = [.. scenario.Strategies.Select(s => new Panel(s.Name, SettingsInForce.For(scenario, s, host).PortSpace))];
        _updater = new Thread(UpdateUntilStopped) { IsBackground = true, Name = "portload web page" };
    }

    public string Url => _page!.Url;

    /// <summary>
    /// A chart's size and type for its panel at 1280x720, the smallest screen a room is shown (larger ones scale it up,
    /// and a 16:9 screen keeps the shape): one or two strategies side by side, each chart under its figures; three or
    /// four in two rows, each chart beside its figures. No legend: the figures above name the lines in their colours.
    /// </summary>
    public static ChartLook LookFor(int strategies) => strategies switch
    {
        1 => new ChartLook(1220, 400, 20, Dark: true, Legend: false),
        2 => new ChartLook(600, 400, 20, Dark: true, Legend: false),
        _ => new ChartLook(340, 250, 19, Dark: true, Legend: false),
    };

    public static async Task<WebDashboard> StartAsync(Scenario scenario, HostFacts host, int port)
    {
        var dashboard = new WebDashboard(scenario, host);
        // Before any load: the first chart drawn costs OxyPlot's start-up and its code's JIT (about 140 ms of a core).
        _ = Plots.Svg(LivePanel.ChartOf([(0, 1, 1), (1, 2, 2)], 10, new LiveAxes(2, 10, [new Marker(0.5, "first failure")])), dashboard._look, document: false);
        dashboard._page = await LivePage.StartAsync(port, WebDashboardPage.Html, dashboard._feed).ConfigureAwait(false);
        dashboard._updater.Start();
        return dashboard;
    }

    public void Follow(StrategyOptions strategy, ILiveFigures figures)
    {
        lock (_panels)
        {
            // One after another, a new strategy means the earlier ones are done; at once (parallel), they all run on.
            if (!_scenario.Parallel)
            {
                _panels.ForEach(p => p.Followed?.Finish());
            }

            var panel = _panels.Single(p => p.Name == strategy.Name);
            panel.Followed = new FollowedStrategy(strategy, figures, panel.PortSpace);
        }
    }

    /// <summary>The strategy's run has ended, whether or not the others have: its panel says so.</summary>
    public void End(StrategyOptions strategy)
    {
        lock (_panels)
        {
            _panels.Single(p => p.Name == strategy.Name).Followed?.Finish();
        }
    }

    /// <summary>The run is over and its results are in <paramref name="folder"/>: the page links the report.</summary>
    public void Finish(string? folder)
    {
        lock (_panels)
        {
            _panels.ForEach(p => p.Followed?.Finish());
            _page!.ReportFolder = folder;
            Update();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_updater.IsAlive)
        {
            _updater.Join();
        }

        if (_page is not null)
        {
            await _page.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private void UpdateUntilStopped()
    {
        do
        {
            lock (_panels)
            {
                Update();
            }
        }
        while (!_stop.Token.WaitHandle.WaitOne(LivePage.Tick));
    }

    /// <summary>Takes the figures now and publishes them, and each chart that is due; call it holding the lock.</summary>
    private void Update()
    {
        var followed = _panels.Select(p => p.Followed).OfType<FollowedStrategy>().ToList();
        var axes = new LiveAxes(
            Math.Max(_timeline.Duration.TotalSeconds, followed.Select(f => f.Elapsed.TotalSeconds).DefaultIfEmpty(0).Max()),
            _panels.Max(p => p.PortSpace),
            [.. followed.Select(LivePanel.FirstFailureOf).OfType<Marker>()]);
        var now = TimeProvider.System.GetTimestamp();
        var panels = new List<LivePanel>();
        foreach (var p in _panels)
        {
            var panel = p.Followed is { } f ? LivePanel.Of(f, p.History, axes) : LivePanel.Before(p.Name, p.PortSpace, axes);
            panels.Add(panel);
            var drawn = (p.History.Count, axes.FirstFailures.Count, axes.Seconds, panel.State);
            // A new first failure is drawn at once on every chart; new points at most every ChartEvery.
            if (p.ChartJson is null || (drawn != p.Drawn && (drawn.Item2 != p.Drawn.Item2 || drawn.State != p.Drawn.State
                || TimeProvider.System.GetElapsedTime(p.DrawnAt, now) >= ChartEvery)))
            {
                p.ChartJson = JsonSerializer.Serialize(new LiveChart(p.Name, Plots.Svg(panel.Chart, _look, document: false)), Json);
                p.Drawn = drawn;
                p.DrawnAt = now;
            }
        }

        var state = new LiveState(_scenario.Name, _page?.ReportFolder is null ? null : "/report", panels);
        _feed.Publish(JsonSerializer.Serialize(state, Json), [.. _panels.Select(p => (p.Name, p.ChartJson!))]);
    }

    /// <summary>A chart event's data: whose chart, and the chart as SVG.</summary>
    private sealed record LiveChart(string Name, string Chart);

    /// <summary>One strategy's panel: its figures once it has started, its chart's points, and what its chart showed when last drawn.</summary>
    private sealed class Panel(string name, long portSpace)
    {
        public string Name => name;

        public long PortSpace => portSpace;

        public FollowedStrategy? Followed { get; set; }

        public List<(double T, long TimeWait, long Established)> History { get; } = [];

        public string? ChartJson { get; set; }

        public (int Points, int Failures, double Seconds, string State) Drawn { get; set; }

        public long DrawnAt { get; set; }
    }
}
