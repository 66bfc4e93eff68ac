using System.Text.Encodings.Web;
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
    private readonly HostFacts _host;
    private readonly List<Followed> _followed = [];
    private readonly LiveFeed _feed = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _updater;
    private LivePage? _page;

    private WebDashboard(Scenario scenario, HostFacts host)
    {
        _scenario = scenario;
        _host = host;
        _updater = new Thread(UpdateUntilStopped) { IsBackground = true, Name = "portload web page" };
    }

    public string Url => _page!.Url;

    public static async Task<WebDashboard> StartAsync(Scenario scenario, HostFacts host, int port)
    {
        var dashboard = new WebDashboard(scenario, host);
        // Before any load: the first chart drawn costs OxyPlot's start-up and its code's JIT (about 140 ms of a core).
        _ = Plots.Svg(LivePanel.ChartOf([(0, 1, 1), (1, 2, 2)], 10, new Marker(0.5, "first failure")), document: false);
        dashboard._page = await LivePage.StartAsync(port, WebDashboardPage.Html, dashboard._feed).ConfigureAwait(false);
        dashboard._updater.Start();
        return dashboard;
    }

    public void Follow(StrategyOptions strategy, ILiveFigures figures)
    {
        lock (_followed)
        {
            _followed.Add(new Followed(new FollowedStrategy(strategy, figures, SettingsInForce.For(_scenario, strategy, _host).PortSpace)));
        }
    }

    /// <summary>The run is over and its results are in <paramref name="folder"/>: the page shows the report.</summary>
    public void Finish(string? folder)
    {
        lock (_followed)
        {
            _followed.ForEach(f => f.Strategy.Finish());
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
            lock (_followed)
            {
                Update();
            }
        }
        while (!_stop.Token.WaitHandle.WaitOne(LivePage.Tick));
    }

    /// <summary>Takes the figures now and publishes them, and each chart that is due; call it holding the lock.</summary>
    private void Update()
    {
        // In the scenario's order, whichever started first (strategies run at once start in any order).
        var followed = _followed.OrderBy(f => _scenario.IndexOf(f.Strategy.Strategy)).ToList();
        var panels = followed.Select(f => LivePanel.Of(f.Strategy, f.History)).ToList();
        var now = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < followed.Count; i++)
        {
            var f = followed[i];
            if (f.ChartJson is null || (f.History.Count != f.ChartPoints && (f.Strategy.Finished || TimeProvider.System.GetElapsedTime(f.ChartDrawn, now) >= ChartEvery)))
            {
                f.ChartJson = JsonSerializer.Serialize(new LiveChart(panels[i].Name, Plots.Svg(panels[i].Chart, document: false)), Json);
                f.ChartPoints = f.History.Count;
                f.ChartDrawn = now;
            }
        }

        var state = new LiveState(_scenario.Name, _page?.ReportFolder is null ? null : "/report", panels);
        _feed.Publish(JsonSerializer.Serialize(state, Json), [.. followed.Select(f => (f.Strategy.Strategy.Name, f.ChartJson!))]);
    }

    /// <summary>A chart event's data: whose chart, and the chart as SVG.</summary>
    private sealed record LiveChart(string Name, string Chart);

    private sealed class Followed(FollowedStrategy strategy)
    {
        public FollowedStrategy Strategy => strategy;

        public List<(double T, long TimeWait, long Established)> History { get; } = [];

        public string? ChartJson { get; set; }

        public int ChartPoints { get; set; }

        public long ChartDrawn { get; set; }
    }
}
