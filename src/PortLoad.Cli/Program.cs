using System.CommandLine;
using PortLoad.Cli.Commands;
using PortLoad.Scenarios;
using PortLoad.Settings;

namespace PortLoad.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        TuneSocketEngine();
        return BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration
        {
            // Ctrl+C is handled by the commands themselves, so results are written before exit.
            ProcessTerminationTimeout = null,
        });
    }

    // Must run before the first socket is created; bad settings are reported later, by the command.
    private static void TuneSocketEngine()
    {
        try
        {
            SocketEngineTuning.Apply(SettingsLoader.Load());
        }
        catch (ScenarioException)
        {
            SocketEngineTuning.Apply(new PortLoadSettings());
        }
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("PortLoad: ephemeral port exhaustion load generator and simulator.\n"
                                   + "Compares per-request and pooled connections, counts TIME_WAIT and EADDRNOTAVAIL/EADDRINUSE failures.");
        root.Add(RunCommand.Create());
        root.Add(SimulateCommand.Create());
        root.Add(SweepCommand.Create());
        root.Add(ValidateCommand.Create());
        root.Add(ServeCommand.Create());
        root.Add(InspectCommand.Create());
        root.Add(ReportCommand.CreateReport());
        root.Add(ReportCommand.CreateCompare());
        root.Add(StrategyChildCommand.Create());
        return root;
    }
}
