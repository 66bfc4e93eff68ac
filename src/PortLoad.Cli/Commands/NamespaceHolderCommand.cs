using System.CommandLine;
using PortLoad.Isolation;
using PortLoad.Settings;

namespace PortLoad.Cli.Commands;

/// <summary>The hidden verb that holds a namespace several segment processes share: see <see cref="SharedNamespace"/>.</summary>
internal static class NamespaceHolderCommand
{
    public static Command Create()
    {
        var command = new Command(SharedNamespace.HolderVerb, "Internal: prepare and hold a network namespace that segments share") { Hidden = true };
        command.SetAction(_ =>
        {
            SharedNamespace.Hold(Console.In, Console.Out, SettingsLoader.Load());
            return ExitCodes.Ok;
        });
        return command;
    }
}
