using System.CommandLine;
using PortLoad.Isolation;
using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Settings;

namespace PortLoad.Cli.Commands;

/// <summary>
/// The hidden verb an isolated run re-executes PortLoad with, inside its fresh namespace: reads a
/// <see cref="ChildRequest"/> from standard input, prepares the namespace, runs the strategy,
/// writes progress lines to standard output and the result to the file the parent named.
/// </summary>
internal static class StrategyChildCommand
{
    public static Command Create()
    {
        var command = new Command(IsolatedStrategyRunner.ChildVerb, "Internal: run one strategy inside an isolated namespace") { Hidden = true };
        command.SetAction((_, token) => RunAsync(token));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken token)
    {
        var request = ChildProtocol.Read<ChildRequest>(await Console.In.ReadLineAsync(token) ?? "");
        var settings = SettingsLoader.Load();
        var scenario = new ScenarioParser(settings.Limits).Parse(request.ScenarioJson, request.ScenarioFile);
        var strategy = scenario.Strategies.Single(s => s.Name == request.Strategy);
        var network = scenario.Network with { TcpTwReuse = strategy.TcpTwReuse ?? scenario.Network.TcpTwReuse };
        NetworkNamespace.Prepare(network, scenario.SourceAddresses, request.ParentNamespace);

        using var ctrlC = new CtrlC(token, quiet: true);
        var runner = new StrategyRunner(TimeProvider.System, SocketCounters.Create(), settings.SamplingInterval, settings.MaxInFlight, "isolated", NetworkNamespace.ServerPort(scenario.Network));
        using var reporting = new CancellationTokenSource();
        Task report = Task.CompletedTask;
        runner.Started += (_, figures) => report = ReportAsync(figures, reporting.Token);

        var run = await runner.RunAsync(scenario, strategy, ctrlC.Token);
        await reporting.CancelAsync();
        await report;
        Console.WriteLine(ChildProtocol.Write(ChildProtocol.Progress(new FinalFigures(run.Result))));

        var temporary = request.ResultPath + ".tmp";
        await File.WriteAllTextAsync(temporary, ChildProtocol.Write(run), CancellationToken.None);
        File.Move(temporary, request.ResultPath, overwrite: true);
        return run.Result.Completed ? ExitCodes.Ok : ExitCodes.Cancelled;
    }

    private static async Task ReportAsync(ILiveFigures figures, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Console.WriteLine(ChildProtocol.Write(ChildProtocol.Progress(figures)));
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    /// <summary>The finished strategy's totals, as a last progress line.</summary>
    private sealed class FinalFigures(StrategyResult result) : ILiveFigures
    {
        public TimeSpan Elapsed => TimeSpan.FromSeconds(result.DurationSeconds);

        public long Attempted => result.Requests.Attempted;

        public long Succeeded => result.Requests.Succeeded;

        public long Failed => result.Requests.Failed;

        public SocketCounts? LastCounts => new(result.TimeWait.Final, 0, result.TimeWait.Final);

        public long Failures(Connections.FailureKind kind) => result.Failures.GetValueOrDefault(kind.ToString());

        public long Retries => result.Resilience?.Retries ?? 0;

        public TimeSpan? P99 => result.LatencyMs.P99 is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
    }
}
