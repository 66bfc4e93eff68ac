using Spectre.Console;

namespace PortLoad.Cli.Output;

internal static class Consoles
{
    /// <summary>The console to write to: colours and live views only when a person is watching a terminal.</summary>
    public static IAnsiConsole Create() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        Interactive = Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
    });
}
