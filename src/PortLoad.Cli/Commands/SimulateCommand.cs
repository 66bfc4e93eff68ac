using System.CommandLine;
using PortLoad.Cli.Output;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Settings;
using PortLoad.Simulation;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload simulate SCENARIO</c>: predicts the run from a model of the kernel's port allocation; no sockets.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("scenario") { Description = "The scenario file, e.g. scenarios/what-if-cloud-nat.json", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out") { Description = "Results folder (default: results/<scenario>-sim-<UTC time>)" };
        var calibration = new Option<string?>("--calibrate-from")
        {
            Description = "A measured run's summary.json: use the connect() costs it measured (per probed port; a closed model's per failed attempt and per connection; runs that hit EADDRNOTAVAIL measure them)",
        };
        var calibrate = new Option<bool>("--calibrate")
        {
            Description = $"First measure this host's connect() costs (a closed model that runs out of ports, {HostCalibrationProbe.Runs} runs of 3 s in a namespace of its own: root) and save them as results/{HostCalibration.FileName}, which later simulations use for the costs a scenario leaves unset",
        };
        var junit = ResultsOutput.JUnitOption();
        var command = new Command("simulate", "Predict a scenario's results from a model of the kernel's port allocation, without sending anything")
        {
            file, output, calibration, calibrate, junit,
        };
        command.SetAction((parse, token) => RunAsync(parse.GetValue(file), parse.GetValue(output), parse.GetValue(calibration), parse.GetValue(calibrate), parse.GetValue(junit), token));
        return command;
    }

    private static async Task<int> RunAsync(string? file, string? output, string? calibrateFrom, bool calibrate, string? junit, CancellationToken token)
    {
        if (file is null && !calibrate)
        {
            Console.Error.WriteLine("simulate: give a scenario file (e.g. scenarios/exhaustion.json), or --calibrate to measure this host's costs");
            return ExitCodes.InvalidInput;
        }

        // The scenario is checked before the probe runs: a mistake in it is said at once, not after the probe.
        var loaded = file is null ? null : ScenarioLoading.Load(file, Console.Error, simulation: true);
        if (!ResultsOutput.JUnitPathOk(junit) || (file is not null && loaded is null))
        {
            return ExitCodes.InvalidInput;
        }

        var console = Consoles.Create();
        if (calibrate && await CalibrateAsync(console, token).ConfigureAwait(false) is { } probeFailed)
        {
            return probeFailed;
        }

        if (loaded is not var (settings, scenario))
        {
            return ExitCodes.Ok;
        }

        if (calibrateFrom is null && HostCalibrationProbe.Load(settings.ResultsDirectory, Console.Error) is { } host)
        {
            scenario = ScenarioSimulator.WithHostCosts(scenario, host.Calibration);
            console.MarkupLineInterpolated($"[grey]host's costs: {host.Calibration.Describe()}, from {HostCalibrationProbe.PathIn(settings.ResultsDirectory)} ({host.MeasuredAt:yyyy-MM-dd HH:mm} UTC), where the scenario sets none[/]");
        }

        if (calibrateFrom is not null)
        {
            if (ReadSummary(calibrateFrom) is not { } measured)
            {
                return ExitCodes.InvalidInput;
            }

            if (ScenarioSimulator.MeasuredCosts(measured) is not { } costs)
            {
                Console.Error.WriteLine($"--calibrate-from: {calibrateFrom} has no calibration (only runs that failed with EADDRNOTAVAIL measure connect() cost)");
                return ExitCodes.InvalidInput;
            }

            scenario = ScenarioSimulator.Calibrated(scenario, costs);
            console.MarkupLineInterpolated($"[grey]calibrated: {costs.Describe()}, from {calibrateFrom}[/]");
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

    /// <summary>Measures and saves the host's costs; an exit code when that failed, null when it worked.</summary>
    private static async Task<int?> CalibrateAsync(IAnsiConsole console, CancellationToken token)
    {
        PortLoadSettings settings;
        try
        {
            settings = SettingsLoader.Load();
        }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }

        using var signals = new StopSignals(token, stopping: "stopping the probe; nothing is saved");
        try
        {
            var measured = await HostCalibrationProbe.MeasureAsync(
                settings.ResultsDirectory,
                run => console.MarkupLineInterpolated($"[grey]calibrating: run {run} of {HostCalibrationProbe.Runs} (portload run: 300 ports run out, 4 loops, 3 s)[/]"),
                (run, costs) => console.MarkupLineInterpolated($"[grey]probe run {run}: {costs.Describe()}[/]"),
                Console.Error,
                signals.Token).ConfigureAwait(false);
            if (measured is null)
            {
                return ExitCodes.Failed;
            }

            HostCalibrationProbe.Save(measured, settings.ResultsDirectory);
            console.MarkupLineInterpolated($"host's costs: {measured.Calibration.Describe()} (the median of {HostCalibrationProbe.Runs} runs, in {HostCalibrationProbe.RunsIn(settings.ResultsDirectory)}); saved to {HostCalibrationProbe.PathIn(settings.ResultsDirectory)}");
            return null;
        }
        catch (OperationCanceledException) when (signals.Received is not null)
        {
            return signals.ExitCode;
        }
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
