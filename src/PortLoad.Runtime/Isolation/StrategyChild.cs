using System.Net;
using PortLoad.HostInfo;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Settings;

namespace PortLoad.Isolation;

/// <summary>
/// The child half of an isolated run, inside its fresh namespace: reads a <see cref="ChildRequest"/>,
/// checks the scenario again, prepares the namespace, runs the strategy, writes progress lines and
/// then the result to the file the parent named. The parent half is <see cref="IsolatedStrategyRunner"/>.
/// </summary>
public static class StrategyChild
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

    // The latencies go with every fourth report (once a second, as a scrape comes), and with the last.
    private const int LatencyEvery = 4;

    /// <param name="input">The parent's pipe: the request, then nothing until the parent closes it; end-of-file before
    /// the run ends means the parent is gone, and the child stops its load and writes no result.</param>
    /// <returns>Whether the strategy ran to its end (false: it was stopped).</returns>
    public static async Task<bool> RunAsync(TextReader input, TextWriter progress, PortLoadSettings settings, CancellationToken stop)
    {
        var request = ChildProtocol.Read<ChildRequest>(await input.ReadLineAsync(stop).ConfigureAwait(false) ?? "");
        using var orphaned = new CancellationTokenSource();
        ParentPipe.StopWhenClosed(input, orphaned);
        using var stopOrOrphaned = CancellationTokenSource.CreateLinkedTokenSource(stop, orphaned.Token);
        var scenario = request.Scenario.Validated(settings.Limits);
        var strategy = scenario.Strategies.Single(s => s.Name == request.Strategy);
        var inForce = SettingsInForce.For(scenario, strategy, HostFactsReader.Read());
        NetworkNamespace.Prepare(inForce, scenario.SourceAddresses, request.ParentNamespace);

        var runner = new StrategyRunner(TimeProvider.System, SocketCounters.Create(), settings.SamplingInterval, settings.MaxInFlight, inForce.Namespace, NetworkNamespace.ServerPort(inForce.Range), NetworkNamespace.WarmUpPort(inForce.Range, scenario.Target.ListenPorts))
        {
            ExternalServer = request.Server is { } server ? IPEndPoint.Parse(server) : null,
            ExternalWarmUpServer = request.WarmUpServer is { } warmUp ? IPEndPoint.Parse(warmUp) : null,
        };
        using var reporting = new CancellationTokenSource();
        var report = Task.CompletedTask;
        runner.Started += (_, figures) => report = ReportAsync(figures, progress, reporting.Token);

        var run = await runner.RunAsync(scenario, strategy, stopOrOrphaned.Token).ConfigureAwait(false);
        await reporting.CancelAsync().ConfigureAwait(false);
        await report.ConfigureAwait(false);
        if (orphaned.IsCancellationRequested)
        {
            return false;
        }

        await progress.WriteLineAsync(ChildProtocol.Write(FiguresSnapshot.Of(run))).ConfigureAwait(false);
        AtomicFile.Write(request.ResultPath, writer => writer.Write(ChildProtocol.Write(run)));
        return run.Result.Completed;
    }

    private static async Task ReportAsync(ILiveFigures figures, TextWriter progress, CancellationToken stop)
    {
        try
        {
            for (var report = 0L; !stop.IsCancellationRequested; report++)
            {
                var snapshot = FiguresSnapshot.Of(figures, withLatency: report % LatencyEvery == 0);
                await progress.WriteLineAsync(ChildProtocol.Write(snapshot)).ConfigureAwait(false);
                await Task.Delay(ProgressEvery, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
        catch (IOException)
        {
            // The parent is gone (a broken pipe); the run is stopping.
        }
    }
}
