using System.CommandLine;
using PortLoad.Runs;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload validate FILE...</c>: checks scenario files and runs nothing.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("scenario") { Description = "Scenario files to check", Arity = ArgumentArity.OneOrMore };
        var strict = new Option<bool>("--strict") { Description = "Also fail on what 'run' would refuse on this host (a source address that is not this host's)" };
        var command = new Command("validate", "Check scenario files and report every problem; runs nothing") { files, strict };
        command.SetAction(parse =>
        {
            var refuse = parse.GetValue(strict);
            var ok = true;
            foreach (var file in parse.GetValue(files)!)
            {
                if (ScenarioLoading.Load(file, Console.Error, simulation: null) is not var (_, scenario))
                {
                    ok = false;
                    continue;
                }

                // What the file allows but this host does not: 'run' refuses it here (the scenario may suit another host).
                if (!scenario.Network.Isolated && scenario.Simulation is null && SourceAddressCheck.Problem(scenario.SourceAddresses) is { } here)
                {
                    Console.Error.WriteLine($"{file}: {(refuse ? "error" : "warning")}: run would refuse it on this host: {here}");
                    if (refuse)
                    {
                        ok = false;
                        continue;
                    }
                }

                Console.WriteLine($"{file}: ok ({scenario.Strategies.Count} strategies, {scenario.Load.Count} load phases)");
            }

            return ok ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return command;
    }
}
