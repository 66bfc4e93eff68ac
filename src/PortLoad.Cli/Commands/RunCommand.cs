using System.CommandLine;
using PortLoad.Cli.Output;
using PortLoad.HostInfo;
using PortLoad.Reports;
using PortLoad.Runs;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload run SCENARIO</c>: runs every strategy against the target and writes the results folder.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file, e.g. scenarios/quickstart.json" };
        var output = new Option<string?>("--out") { Description = "Results folder (default: results/<scenario>-<UTC time>)" };
        var noLive = new Option<bool>("--no-live") { Description = "Plain progress lines instead of a live view" };
        var junit = ResultsOutput.JUnitOption();
        var parallel = new Option<bool>("--parallel") { Description = "Run the strategies at the same time, each in its own namespace (isolated scenarios only)" };
        var command = new Command("run", "Run a scenario's load with each strategy and write summary.json and timeseries.csv")
        {
            file, output, noLive, junit, parallel,
        };
        command.SetAction((parse, token) => RunAsync(parse.GetValue(file)!, parse.GetValue(output), parse.GetValue(noLive), parse.GetValue(junit), parse.GetValue(parallel), token));
        return command;
    }

    private static async Task<int> RunAsync(string file, string? output, bool noLive, string? junit, bool parallel, CancellationToken token)
    {
        if (!ResultsOutput.JUnitPathOk(junit) || ScenarioLoading.Load(file, Console.Error) is not var (settings, scenario))
        {
            return ExitCodes.InvalidInput;
        }

        if (parallel && !scenario.Network.Isolated)
        {
            Console.Error.WriteLine($"--parallel: {file} runs in this machine's namespace; strategies at the same time would share its ports and count each other's sockets. Give the scenario \"network\": {{ \"namespace\": \"isolated\" }}.");
            return ExitCodes.InvalidInput;
        }

        scenario = parallel ? scenario with { Parallel = true } : scenario;

        if (!scenario.Network.Isolated && SourceAddressCheck.Problem(scenario.SourceAddresses) is { } notLocal)
        {
            Console.Error.WriteLine($"{file}: {notLocal}");
            return ExitCodes.InvalidInput;
        }

        using var folder = ResultsOutput.Reserve(output, settings.ResultsDirectory, scenario.Name);
        if (folder is null)
        {
            return ExitCodes.InvalidInput;
        }

        var console = Consoles.Create();
        var host = HostFactsReader.Read();
        RunHeader.Write(console, scenario, host);
        if (DescriptorBudget.Warning(scenario, settings.MaxInFlight, host.OpenFileLimit) is { } warning)
        {
            console.MarkupLineInterpolated($"[yellow]warning: {warning}[/]");
        }

        using var signals = new StopSignals(token);
        var runner = ScenarioRunners.Create(settings);
        var progress = new RunProgress(console, scenario, host, live: !noLive && !Console.IsOutputRedirected);
        runner.Started += progress.Follow;
        var run = await runner.RunAsync(scenario, host, signals.Token);
        await progress.StopAsync();

        ComparisonTable.Write(console, run.Summary);
        var written = ResultsOutput.Write(console, folder, ResultExporters.Writer, run, signals);
        if (run.Summary.Error is { } error)
        {
            console.MarkupLineInterpolated($"[red]{error}[/]");
            return ExitCodes.Failed;
        }

        written &= ResultsOutput.WriteJUnit(junit, run.Summary);
        return !run.Summary.Completed ? signals.ExitCode : ResultsOutput.Verdict(run.Summary, written);
    }
}
