using System.Globalization;
using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Scenarios;
using Spectre.Console;

namespace PortLoad.Cli.Output;

/// <summary>
/// Shows each strategy's progress while it runs: the live <see cref="Dashboard"/> on an interactive
/// console, a plain line every two seconds when output is redirected or live display is off.
/// </summary>
internal sealed class RunProgress(IAnsiConsole console, Scenario scenario, HostFacts host, bool live)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private const int TicksPerPlainLine = 8;
    private readonly LoadTimeline _timeline = new(scenario.Load);
    private readonly List<FollowedStrategy> _followed = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Follow(StrategyOptions strategy, ILiveFigures figures)
    {
        lock (_followed)
        {
            // One after another, a new strategy means the earlier ones are done; at once (parallel), they all run on.
            if (!scenario.Parallel)
            {
                _followed.ForEach(earlier => earlier.Finish());
            }

            _followed.Add(new FollowedStrategy(strategy, figures, SettingsInForce.For(scenario, strategy, host).PortSpace));
            // In the scenario's order, whichever started first.
            _followed.Sort((a, b) => scenario.IndexOf(a.Strategy).CompareTo(scenario.IndexOf(b.Strategy)));
        }

        _loop ??= live ? Task.Run(LiveAsync) : Task.Run(PlainAsync);
    }

    /// <summary>The strategy's run has ended, whether or not the others have: it shows as finished.</summary>
    public void End(StrategyOptions strategy)
    {
        lock (_followed)
        {
            _followed.Find(f => f.Strategy.Name == strategy.Name)?.Finish();
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    private async Task LiveAsync()
    {
        await console.Live(View()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Observe();
                context.UpdateTarget(View());
                await Delay(Tick);
            }

            lock (_followed)
            {
                _followed.ForEach(f => f.Finish());
            }

            context.UpdateTarget(View());
        });
    }

    private async Task PlainAsync()
    {
        for (var tick = 1; !_stop.IsCancellationRequested; tick++)
        {
            await Delay(Tick);
            var running = Observe();
            if (tick % TicksPerPlainLine == 0)
            {
                running.ForEach(s => console.WriteLine(PlainLine(s, _timeline)));
            }
        }
    }

    /// <summary>One line of progress, for logs: what the dashboard shows, without the drawing.</summary>
    public static string PlainLine(FollowedStrategy s, LoadTimeline timeline)
    {
        var f = s.Figures;
        var failures = string.Join(' ', FailureKinds.All.Where(k => f.Failures(k) > 0).Select(k => $"{Names.Failures[k]} {f.Failures(k)}"));
        var retries = s.Strategy.Resilience is null ? "" : $" retries {f.Retries}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Strategy.Name} {Math.Min(s.Elapsed.TotalSeconds, timeline.Duration.TotalSeconds):0}/{timeline.Duration.TotalSeconds:0}s ports {s.PortsInUse}/{s.PortSpace} TIME_WAIT {f.LastCounts?.TimeWait ?? 0} achieved {s.AchievedPerSecond:0}/s ok {f.Succeeded} failed {f.Failed}{(failures.Length > 0 ? $" ({failures})" : "")}{retries}");
    }

    /// <summary>Takes a look at every strategy; returns those still running (one, or all of them when parallel).</summary>
    private List<FollowedStrategy> Observe()
    {
        lock (_followed)
        {
            _followed.ForEach(f => f.Observe());

            return _followed.Where(f => !f.Finished).ToList();
        }
    }

    private Spectre.Console.Rendering.IRenderable View()
    {
        lock (_followed)
        {
            return Dashboard.Build(_followed.ToList(), _timeline);
        }
    }

    private async Task Delay(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: draw once more and end.
        }
    }
}
