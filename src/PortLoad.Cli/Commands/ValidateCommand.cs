using System.CommandLine;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload validate FILE...</c>: checks scenario files and runs nothing.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("scenario") { Description = "Scenario files to check", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check scenario files and report every problem; runs nothing") { files };
        command.SetAction(parse =>
        {
            var ok = true;
            foreach (var file in parse.GetValue(files)!)
            {
                if (ScenarioLoading.Load(file, Console.Error, simulation: null) is { } loaded)
                {
                    Console.WriteLine($"{file}: ok ({loaded.Scenario.Strategies.Count} strategies, {loaded.Scenario.Load.Count} load phases)");
                }
                else
                {
                    ok = false;
                }
            }

            return ok ? ExitCodes.Ok : ExitCodes.InvalidInput;
        });
        return command;
    }
}
