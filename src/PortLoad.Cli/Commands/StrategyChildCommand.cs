using System.CommandLine;
using PortLoad.Isolation;
using PortLoad.Settings;

namespace PortLoad.Cli.Commands;

/// <summary>The hidden verb an isolated run re-executes PortLoad with, inside its fresh namespace: see <see cref="StrategyChild"/>.</summary>
internal static class StrategyChildCommand
{
    public static Command Create()
    {
        var command = new Command(IsolatedStrategyRunner.ChildVerb, "Internal: run one strategy inside an isolated namespace") { Hidden = true };
        command.SetAction(async (_, token) =>
        {
            using var signals = new StopSignals(token, quiet: true);
            var completed = await StrategyChild.RunAsync(Console.In, Console.Out, SettingsLoader.Load(), signals.Token);
            return completed ? ExitCodes.Ok : signals.ExitCode;
        });
        return command;
    }
}
