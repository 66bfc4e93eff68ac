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
        List<LivePanel> panels;
        lock (_followed)
        {
            // In the scenario's order, whichever started first (strategies run at once start in any order).
            panels = [.. _followed.OrderBy(f => _scenario.IndexOf(f.Strategy.Strategy)).Select(f => LivePanel.Of(f.Strategy, f.History))];
        }

        var state = new LiveState(_scenario.Name, _page?.ReportFolder is null ? null : "/report", [.. panels.Select(p => p with { ChartSvg = Plots.Svg(p.Chart, document: false) })]);
        _state = JsonSerializer.Serialize(state, Json);
    }
}
