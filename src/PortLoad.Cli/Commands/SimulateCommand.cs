using System.CommandLine;
using PortLoad.Cli.Output;
using PortLoad.Reports;
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
        var calibration = new Option<string?>("--calibrate-from")
        {
            Description = "A measured run's summary.json: use the per-probe connect() cost it measured (runs that hit EADDRNOTAVAIL measure it)",
        };
        var junit = ResultsOutput.JUnitOption();
        var command = new Command("simulate", "Predict a scenario's results from a model of the kernel's port allocation, without sending anything")
        {
            file, output, calibration, junit,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output), parse.GetValue(calibration), parse.GetValue(junit)));
        return command;
    }

    private static int Run(string file, string? output, string? calibrateFrom, string? junit)
    {
        if (!ResultsOutput.JUnitPathOk(junit) || ScenarioLoading.Load(file, Console.Error, simulation: true) is not var (settings, scenario))
        {
            return ExitCodes.InvalidInput;
        }

        var console = Consoles.Create();
        if (calibrateFrom is not null)
        {
            if (ReadSummary(calibrateFrom) is not { } measured)
            {
                return ExitCodes.InvalidInput;
            }

            if (ScenarioSimulator.CalibratedFrom(scenario, measured) is not { } calibrated)
            {
                Console.Error.WriteLine($"--calibrate-from: {calibrateFrom} has no calibration (only runs that failed with EADDRNOTAVAIL measure connect() cost)");
                return ExitCodes.InvalidInput;
            }

            scenario = calibrated;
            var failed = scenario.Simulation!.FailedConnectMicroseconds is { } f ? Invariant.Format($", {f:0.#} µs per failed attempt") : "";
            console.MarkupLineInterpolated($"[grey]calibrated: {scenario.Simulation.PerProbeNanoseconds:0.#} ns per probed port{failed}, from {calibrateFrom}[/]");
        }
        foreach (var ignored in ScenarioSimulator.IgnoredFields(scenario))
        {
            console.MarkupLineInterpolated($"[grey]notice: {ignored} is ignored by the simulator[/]");
        }

        using var folder = ResultsOutput.Reserve(output, settings.ResultsDirectory, scenario.Name + "-sim");
        if (folder is null)
        {
            return ExitCodes.InvalidInput;
        }

        if (ScenarioSimulator.IntervalFor(scenario, settings.SamplingInterval) is var interval && interval != (scenario.SamplingInterval ?? settings.SamplingInterval))
        {
            console.MarkupLineInterpolated($"[grey]notice: sampled every {Duration.Format(interval)} (a long load keeps at most {ScenarioSimulator.MaxRows:N0} rows a strategy; counts and first failures stay exact)[/]");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = ScenarioSimulator.Run(scenario, settings.SamplingInterval, TimeProvider.System.GetUtcNow());
        ComparisonTable.Write(console, run.Summary);
        console.MarkupLineInterpolated($"Simulated in {watch.Elapsed.TotalMilliseconds:0} ms.");
        var written = ResultsOutput.Write(console, folder, ResultExporters.Writer, run) & ResultsOutput.WriteJUnit(junit, run.Summary);
        return ResultsOutput.Verdict(run.Summary, written);
    }

    private static RunSummary? ReadSummary(string summaryPath)
    {
        try
        {
            return SummaryJsonExporter.Read(summaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            Console.Error.WriteLine($"--calibrate-from: {summaryPath}: {e.Message}");
            return null;
        }
    }
}
