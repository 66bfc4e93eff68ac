using System.CommandLine;
using System.Globalization;
using PortLoad.HostInfo;
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

        using var ctrlC = new CtrlC(token);
        var host = HostFactsReader.Read();
        var runner = ScenarioRunners.Create(settings);
        var points = await Sweep.RunAsync(
            scenario,
            rates,
            s => simulate ? Task.FromResult(ScenarioSimulator.Run(s, settings.SamplingInterval, TimeProvider.System.GetUtcNow())) : runner.RunAsync(s, host, ctrlC.Token),
            rate => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(simulate ? "simulating" : "running")} {rate:0.##}/s ...")));

        var folder = output ?? ResultsFolders.Default(settings.ResultsDirectory, $"{scenario.Name}-sweep", TimeProvider.System.GetUtcNow());
        var written = SweepExporters.Writer.Write(new SweepResult(scenario.Name, points), folder);
        Console.WriteLine(SweepReport.Markdown(scenario.Name, points));
        Console.WriteLine($"Sweep: {written}");
        return ctrlC.Token.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    private static List<double>? ParseRates(string? list, double? from, double? to, int steps)
    {
        if (list is not null)
        {
            var rates = new List<double>();
            foreach (var part in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
                {
                    Console.Error.WriteLine($"--rates: \"{part}\" is not a rate > 0; write e.g. --rates 100,200,400");
                    return null;
                }

                rates.Add(rate);
            }

            return rates.Count > 0 ? rates : null;
        }

        if (from is > 0 && to is { } high && high >= from && steps >= 1)
        {
            return Sweep.Steps(from.Value, high, steps).ToList();
        }

        Console.Error.WriteLine("give --rates 100,200,400 or --from 100 --to 1600 --steps 5 (rates > 0, --to >= --from)");
        return null;
    }
}
