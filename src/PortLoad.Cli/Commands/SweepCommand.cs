using System.CommandLine;
using System.Globalization;
using PortLoad.Cli.Output;
using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Results;
using PortLoad.Simulation;
using PortLoad.Sweeps;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload sweep SCENARIO --rates ...</c>: each strategy at each rate; the throughput-limit chart and table.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario whose strategies and duration to sweep" };
        var rates = new Option<string?>("--rates") { Description = "Comma-separated rates, e.g. 100,200,400,800" };
        var from = new Option<double?>("--from") { Description = "Lowest rate (with --to and --steps)" };
        var to = new Option<double?>("--to") { Description = "Highest rate" };
        var steps = new Option<int>("--steps") { Description = "Number of rates from --from to --to", DefaultValueFactory = _ => 5 };
        var simulate = new Option<bool>("--simulate") { Description = "Sweep the simulator instead of real runs" };
        var output = new Option<string?>("--out") { Description = "Folder for the sweep (default: results/<scenario>-sweep-<UTC time>)" };
        var command = new Command("sweep", "Run every strategy at several rates and find where each stops keeping up")
        {
            file, rates, from, to, steps, simulate, output,
        };
        command.SetAction((parse, token) => RunAsync(parse.GetValue(file)!, parse.GetValue(rates), parse.GetValue(from), parse.GetValue(to),
            parse.GetValue(steps), parse.GetValue(simulate), parse.GetValue(output), token));
        return command;
    }

    private static async Task<int> RunAsync(string file, string? rateList, double? from, double? to, int steps, bool simulate, string? output, CancellationToken token)
    {
        if (ParseRates(rateList, from, to, steps) is not { } rates)
        {
            return ExitCodes.InvalidInput;
        }

        if (ScenarioLoading.Load(file, Console.Error, simulation: simulate) is not var (settings, scenario))
        {
            return ExitCodes.InvalidInput;
        }

        if (!simulate && rates.Max() > settings.Limits.MaxRate)
        {
            Console.Error.WriteLine($"--rates: {rates.Max().ToString(CultureInfo.InvariantCulture)} is above the highest rate allowed, {settings.Limits.MaxRate.ToString(CultureInfo.InvariantCulture)} (appsettings.json PortLoad:MaxRate)");
            return ExitCodes.InvalidInput;
        }

        using var folder = ResultsOutput.Reserve(output, settings.ResultsDirectory, $"{scenario.Name}-sweep");
        if (folder is null)
        {
            return ExitCodes.InvalidInput;
        }

        using var signals = new StopSignals(token);
        var host = HostFactsReader.Read();
        var runner = ScenarioRunners.Create(settings);
        var points = await Sweep.RunAsync(
            scenario,
            rates,
            s => simulate ? Task.FromResult(ScenarioSimulator.Run(s, settings.SamplingInterval, TimeProvider.System.GetUtcNow())) : runner.RunAsync(s, host, signals.Token),
            rate => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(simulate ? "simulating" : "running")} {rate:0.##}/s ...")));

        // The runs above are bursts; the simulator says what holds past TIME_WAIT, and when each rate first fails.
        Console.WriteLine("working out the steady state (simulated) ...");
        var steady = SteadyState.Find(scenario, rates, s => ScenarioSimulator.Run(s, settings.SamplingInterval, TimeProvider.System.GetUtcNow()));
        var sweep = new SweepResult(scenario.Name, points, new LoadTimeline(scenario.Load).Duration.TotalSeconds) { Steady = steady };
        Console.WriteLine(SweepReport.Markdown(sweep));
        var written = ResultsOutput.Write(Consoles.Create(), folder, SweepExporters.Writer, sweep, signals);
        return signals.Token.IsCancellationRequested ? signals.ExitCode : written ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static List<double>? ParseRates(string? list, double? from, double? to, int steps)
    {
        if (list is not null)
        {
            var rates = new List<double>();
            foreach (var part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !double.IsFinite(rate) || rate <= 0)
                {
                    Console.Error.WriteLine($"--rates: \"{part}\" is not a rate > 0; write e.g. --rates 100,200,400");
                    return null;
                }

                rates.Add(rate);
            }

            if (rates.Count == 0)
            {
                Console.Error.WriteLine($"--rates: \"{list}\" holds no rate; write e.g. --rates 100,200,400");
                return null;
            }

            return rates;
        }

        if (from is > 0 && to is { } high && double.IsFinite(high) && high >= from && steps is >= 1 and <= 100)
        {
            return Sweep.Steps(from.Value, high, steps).ToList();
        }

        Console.Error.WriteLine("give --rates 100,200,400 or --from 100 --to 1600 --steps 5 (rates > 0, --to >= --from, 1 to 100 steps)");
        return null;
    }
}
