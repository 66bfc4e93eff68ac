using System.CommandLine;
using PortLoad.Cli.Output;
using PortLoad.Results;
using PortLoad.Simulation;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload simulate SCENARIO</c>: predicts the run from a model of the kernel's port allocation; no sockets.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file, e.g. scenarios/what-if-cloud-nat.json" };
        var output = new Option<string?>("--out") { Description = "Results folder (default: results/<scenario>-sim-<UTC time>)" };
        var command = new Command("simulate", "Predict a scenario's results from a model of the kernel's port allocation, without sending anything")
        {
            file, output,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output)));
        return command;
    }

    private static int Run(string file, string? output)
    {
        if (ScenarioLoading.Load(file, Console.Error, simulation: true) is not var (settings, scenario))
        {
            return ExitCodes.InvalidInput;
        }

        var console = Consoles.Create();
        foreach (var ignored in ScenarioSimulator.IgnoredFields(scenario))
        {
            console.MarkupLineInterpolated($"[grey]notice: {ignored} is ignored by the simulator[/]");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = ScenarioSimulator.Run(scenario, settings.SamplingInterval, TimeProvider.System.GetUtcNow());
        var folder = output ?? ResultsWriter.DefaultFolder(settings.ResultsDirectory, scenario.Name + "-sim", run.Summary.StartedAt);
        var written = ResultsWriter.Default.Write(run, folder);
        ComparisonTable.Write(console, run.Summary);
        console.MarkupLineInterpolated($"Simulated in {watch.Elapsed.TotalMilliseconds:0} ms. Results: [bold]{written}[/]");
        return ExitCodes.Ok;
    }
}
