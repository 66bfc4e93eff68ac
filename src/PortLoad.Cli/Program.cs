using System.CommandLine;
using PortLoad.Cli.Commands;
using PortLoad.HostInfo;
using PortLoad.Scenarios;
using PortLoad.Connections;
using PortLoad.Settings;

namespace PortLoad.Cli;

public static class Program
{
    /// <summary>Prints the stack trace of an unexpected error, which otherwise gets one line.</summary>
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "On an unexpected error, print its stack trace too", Recursive = true };

    public static async Task<int> Main(string[] args)
    {
        // Every connection is a file descriptor: the limit goes up (to fs.nr_open as root), for this process only.
        DescriptorGate.Limit(OpenFileLimit.Raise());
        TuneSocketEngine();
        var parsed = BuildRoot().Parse(args);
        try
        {
            var exit = await parsed.InvokeAsync(new InvocationConfiguration
            {
                // Signals are handled by the commands themselves, so results are written before exit.
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
            });
            // The parser's own errors (an unknown option, a value an option's parser or validator refused) are bad
            // input like any other: its action has printed them with the usage; the exit code says so.
            return parsed.Errors.Count > 0 ? ExitCodes.InvalidInput : exit;
        }
        catch (Exception e)
        {
            // One line that says what failed and what to do; the stack trace only when asked for.
            Console.Error.WriteLine($"portload: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(parsed.GetValue(Verbose)
                ? e.ToString()
                : "This is a fault in PortLoad, not in your input. Run again with --verbose for the details, and report them.");
            return ExitCodes.Failed;
        }
    }

    // Must run before the first socket is created; bad settings are reported later, by the command.
    private static void TuneSocketEngine()
    {
        PortLoadSettings settings;
        try
        {
            settings = SettingsLoader.Load();
        }
        catch (ScenarioException)
        {
            settings = new PortLoadSettings();
        }

        SocketEngineTuning.Apply(settings);
        EpollSender.Enabled = settings.EpollSockets;
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("PortLoad: ephemeral port exhaustion load generator and simulator.\n"
                                   + "Compares per-request and pooled connections, counts TIME_WAIT and EADDRNOTAVAIL/EADDRINUSE failures.");
        root.Add(RunCommand.Create());
        root.Add(SimulateCommand.Create());
        root.Add(SweepCommand.Create());
        root.Add(PlanCommand.Create());
        root.Add(ValidateCommand.Create());
        root.Add(SchemaCommand.Create());
        root.Add(ServeCommand.Create());
        root.Add(InspectCommand.Create());
        root.Add(WatchCommand.Create());
        root.Add(DiagnoseCommand.Create());
        root.Add(WorkshopCommand.Create());
        root.Add(ReportCommand.CreateReport());
        root.Add(ReportCommand.CreateCompare());
        root.Add(ReportCommand.CreateMerge());
        root.Add(KubernetesCommand.Create());
        root.Add(StrategyChildCommand.Create());
        root.Add(NamespaceHolderCommand.Create());
        root.Add(Verbose);
        return root;
    }
}
