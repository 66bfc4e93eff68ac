using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PortLoad.Charts;
using PortLoad.HostInfo;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace PortLoad.Cli.Output;

/// <summary>
/// <c>run --web</c>: a page on 127.0.0.1 for the room, fed by server-sent events from the same live figures the
/// terminal dashboard reads: per strategy, ports in use against the port space (a chart made from the report's
/// chart definitions by OxyPlot), offered and achieved rates, failures by kind, p99 and the first failure; at the
/// end, the report itself. Nothing is fetched from the network: the page is one file served from here.
/// </summary>
internal sealed class WebDashboard : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private static readonly JsonSerializerOptions Json = new(ResultJson.Options) { WriteIndented = false };
    private readonly Scenario _scenario;
    private readonly HostFacts _host;
    private readonly WebApplication _app;
    private readonly List<(FollowedStrategy Strategy, List<(double T, long TimeWait, long Established)> History)> _followed = [];
    private readonly ITimer _timer;
    private volatile string _state = "{}";
    private volatile string? _reportFolder;

    private WebDashboard(Scenario scenario, HostFacts host, WebApplication app)
    {
        _scenario = scenario;
        _host = host;
        _app = app;
        _timer = TimeProvider.System.CreateTimer(_ => Update(), null, TimeSpan.Zero, Tick);
    }

    public string Url { get; private init; } = "";

    public static async Task<WebDashboard> StartAsync(Scenario scenario, HostFacts host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var app = builder.Build();
        var dashboard = new WebDashboard(scenario, host, app) { Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/" };
        app.MapGet("/", () => HttpResults.Content(WebDashboardPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/events", dashboard.StreamAsync);
        app.MapGet("/report", () => dashboard._reportFolder is { } folder && File.Exists(Path.Combine(folder, "report.html"))
            ? HttpResults.File(Path.Combine(folder, "report.html"), "text/html; charset=utf-8")
            : HttpResults.NotFound());
        await app.StartAsync().ConfigureAwait(false);
        return dashboard;
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

        _reportFolder = folder;
        Update();
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var stop = context.RequestAborted;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await context.Response.WriteAsync($"data: {_state}\n\n", stop).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stop).ConfigureAwait(false);
                await Task.Delay(Tick, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }

    private void Update()
    {
        List<object> strategies;
        lock (_followed)
        {
            // In the scenario's order, whichever started first (strategies run at once start in any order).
            strategies = _followed.OrderBy(f => IndexOf(f.Strategy.Strategy)).Select(f => Describe(f.Strategy, f.History)).ToList();
        }

        _state = JsonSerializer.Serialize(new { scenario = _scenario.Name, report = _reportFolder is null ? null : "/report", strategies }, Json);
    }

    private int IndexOf(StrategyOptions strategy) => _scenario.Strategies.ToList().FindIndex(s => s.Name == strategy.Name);

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
