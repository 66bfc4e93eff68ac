using System.Globalization;
using PortLoad.Connections;
using PortLoad.Load;
using PortLoad.Runs;
using PortLoad.Scenarios;
using Spectre.Console;

namespace PortLoad.Cli.Output;

/// <summary>
/// Shows each strategy's progress while it runs: a live table on an interactive console, a
/// plain line every couple of seconds when output is redirected.
/// </summary>
internal sealed class RunProgress(IAnsiConsole console, Scenario scenario, bool live)
{
    private readonly TimeSpan _total = new LoadTimeline(scenario.Load).Duration;
    private readonly List<(StrategyOptions Strategy, ILiveFigures Recorder)> _followed = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Follow(StrategyOptions strategy, ILiveFigures recorder)
    {
        lock (_followed)
        {
            _followed.Add((strategy, recorder));
        }

        _loop ??= live ? Task.Run(LiveAsync) : Task.Run(PlainAsync);
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
        await console.Live(BuildTable()).AutoClear(false).StartAsync(async context =>
        {
            while (!_stop.IsCancellationRequested)
            {
                context.UpdateTarget(BuildTable());
                await Delay(TimeSpan.FromMilliseconds(250));
            }

            context.UpdateTarget(BuildTable());
        });
    }

    private async Task PlainAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Delay(TimeSpan.FromSeconds(2));
            (StrategyOptions Strategy, ILiveFigures Recorder) current;
            lock (_followed)
            {
                current = _followed[^1];
            }

            var r = current.Recorder;
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{current.Strategy.Name} {Math.Min(r.Elapsed.TotalSeconds, _total.TotalSeconds):0}/{_total.TotalSeconds:0}s ok {r.Succeeded} failed {r.Failed} EADDRNOTAVAIL {r.Failures(FailureKind.EADDRNOTAVAIL)} TIME_WAIT {r.LastCounts?.TimeWait ?? 0}"));
        }
    }

    private Table BuildTable()
    {
        // Fits 80 columns: the full figures are in the results table at the end.
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("strategy", "time", "ok", "failed", "EADDRNOTAVAIL", "TIME_WAIT", "ok/s");
        lock (_followed)
        {
            foreach (var (strategy, r) in _followed)
            {
                var elapsed = Math.Min(r.Elapsed.TotalSeconds, _total.TotalSeconds);
                var sample = r.LastCounts;
                table.AddRow(
                    Markup.Escape(strategy.Name),
                    string.Create(CultureInfo.InvariantCulture, $"{elapsed:0}/{_total.TotalSeconds:0}s"),
                    N(r.Succeeded),
                    r.Failed > 0 ? $"[red]{N(r.Failed)}[/]" : "0",
                    r.Failures(FailureKind.EADDRNOTAVAIL) > 0 ? $"[red]{N(r.Failures(FailureKind.EADDRNOTAVAIL))}[/]" : "0",
                    N(sample?.TimeWait ?? 0),
                    N((long)(r.Succeeded / Math.Max(elapsed, 0.001))));
            }
        }

        return table;
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

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
