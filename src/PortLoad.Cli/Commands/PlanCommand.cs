using System.CommandLine;
using System.Globalization;
using PortLoad.Cli.Output;
using PortLoad.Planning;
using PortLoad.Scenarios;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary>
/// <c>portload plan SCENARIO --instances ... --rates ...</c>: the simulator over a grid of fleet sizes and rates per
/// instance; when each cell first fails, the largest fleet and rate that never do, what binds, and a heat map.
/// </summary>
internal static class PlanCommand
{
    /// <summary>At most this many values an axis: a grid of 20 x 20 is already 400 cells a strategy.</summary>
    public const int MaxValues = 20;

    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario: its target, strategies, NAT and kernel settings; its load is replaced by each cell's" };
        var instances = new Option<string>("--instances") { Description = "Fleet sizes: a list (1,10,50,100) or FROM..TO:STEPS, spaced evenly on a log scale (1..1000:4)", DefaultValueFactory = _ => "1,10,50,100,200" };
        var rates = new Option<string>("--rates") { Description = "New connections a second per instance, as --instances (1,5,10,50 or 1..100:5)", DefaultValueFactory = _ => "1,5,10,50" };
        var horizon = new Option<string>("--horizon") { Description = "How far ahead each cell looks, e.g. 1h, 24h, 168h (at most a week)", DefaultValueFactory = _ => "24h" };
        var json = new Option<bool>("--json") { Description = "Print plan.json (the grid and the answers) instead of the tables" };
        var output = new Option<string?>("--out") { Description = "Folder for the plan (default: results/<scenario>-plan-<UTC time>)" };
        var command = new Command("plan", "How many instances, at what rate, before the ports run out: the simulator over a grid of fleet sizes and rates")
        {
            file, instances, rates, horizon, json, output,
        };
        command.SetAction((parse, token) => Task.FromResult(Run(parse.GetValue(file)!, parse.GetValue(instances)!, parse.GetValue(rates)!, parse.GetValue(horizon)!, parse.GetValue(json), parse.GetValue(output), token)));
        return command;
    }

    private static int Run(string file, string instanceList, string rateList, string horizonText, bool json, string? output, CancellationToken token)
    {
        var limits = ScenarioLimits.Simulation;
        if (Values("--instances", instanceList, 1, limits.MaxInstances, integers: true) is not { } instances
            || Values("--rates", rateList, 0.001, limits.MaxRate, integers: false) is not { } rates
            || Horizon(horizonText, limits.MaxRunDuration) is not { } horizon
            || ScenarioLoading.Load(file, Console.Error, simulation: true) is not var (settings, scenario))
        {
            return ExitCodes.InvalidInput;
        }

        using var folder = ResultsOutput.Reserve(output, settings.ResultsDirectory, $"{scenario.Name}-plan");
        if (folder is null)
        {
            return ExitCodes.InvalidInput;
        }

        // With --json the plan is standard output's; what a person reads goes to standard error.
        var console = json ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : Consoles.Create();
        var grid = new PlanGrid([.. instances.Select(n => (int)n)], rates, horizon);
        console.MarkupLineInterpolated($"planning {scenario.Strategies.Count} strateg{(scenario.Strategies.Count == 1 ? "y" : "ies")} x {instances.Count} fleet sizes x {rates.Count} rates, {PlanReport.Horizon(horizon)} ahead (the scenario's own fleet and rate added) ...");
        using var signals = new StopSignals(token, stopping: "stopping the plan; no results are written");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        var gate = new Lock();
        FleetPlan plan;
        try
        {
            plan = FleetPlanner.Plan(scenario, grid, (done, all) =>
            {
                // Every 2 s, and the last.
                lock (gate)
                {
                    if (done == all || watch.Elapsed - reported >= TimeSpan.FromSeconds(2))
                    {
                        reported = watch.Elapsed;
                        console.MarkupLineInterpolated($"[grey]  {done}/{all} cells, {watch.Elapsed.TotalSeconds:0} s[/]");
                    }
                }
            }, signals.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("plan stopped before every cell was simulated: nothing written");
            return signals.ExitCode;
        }

        plan = plan with { Thresholds = plan.Judge(scenario.Thresholds) };
        if (json)
        {
            Console.Out.Write(PlanReport.Json(plan));
        }
        else
        {
            PlanTable.Write(console, plan);
        }

        console.MarkupLineInterpolated($"Planned in {watch.Elapsed.TotalSeconds:0.#} s.");
        var written = ResultsOutput.Write(console, folder, PlanExporters.Writer, plan, signals);
        return !written ? ExitCodes.Failed : plan.Thresholds.All(t => t.Passed) ? ExitCodes.Ok : ExitCodes.ThresholdsFailed;
    }

    /// <summary>A grid axis: "1,10,50" or "FROM..TO:STEPS" (log-spaced), each value within [min, max], at most <see cref="MaxValues"/>.</summary>
    public static IReadOnlyList<double>? Values(string option, string text, double min, double max, bool integers)
    {
        var example = integers ? "1,10,50,100 or 1..1000:4" : "1,5,10,50 or 1..100:5";
        var values = new List<double>();
        if (text.Split("..") is [var fromText, var rest] && rest.Split(':') is [var toText, var stepsText])
        {
            if (!Number(fromText, out var from) || !Number(toText, out var to) || !int.TryParse(stepsText, CultureInfo.InvariantCulture, out var steps) || from <= 0 || to < from || steps is < 1 or > MaxValues)
            {
                Console.Error.WriteLine($"{option}: \"{text}\" is not a range FROM..TO:STEPS with 0 < FROM <= TO and 1 to {MaxValues} steps; write e.g. {example}");
                return null;
            }

            values.AddRange(Enumerable.Range(0, steps).Select(i => steps == 1 ? from : from * Math.Pow(to / from, (double)i / (steps - 1))));
        }
        else
        {
            foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Number(part, out var value))
                {
                    Console.Error.WriteLine($"{option}: \"{part}\" is not a number; write e.g. {example}");
                    return null;
                }

                values.Add(value);
            }
        }

        values = [.. values.Select(v => integers ? Math.Round(v) : Math.Round(v, 3)).Distinct().Order()];
        if (values.Count == 0 || values.Count > MaxValues || values[0] < min || values[^1] > max || (integers && values.Any(v => v != Math.Floor(v))))
        {
            Console.Error.WriteLine(Invariant.Format($"{option}: \"{text}\" must give 1 to {MaxValues} {(integers ? "whole numbers" : "numbers")} from {min} to {max:N0}; write e.g. {example}"));
            return null;
        }

        return values;

        static bool Number(string s, out double value) => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static TimeSpan? Horizon(string text, TimeSpan max)
    {
        if (Duration.TryParse(text, out var horizon) && horizon > TimeSpan.Zero && horizon <= max)
        {
            return horizon;
        }

        Console.Error.WriteLine($"--horizon: \"{text}\" is not a duration from 1s to {max.TotalHours:0}h; write e.g. 30m, 24h, 168h");
        return null;
    }
}
