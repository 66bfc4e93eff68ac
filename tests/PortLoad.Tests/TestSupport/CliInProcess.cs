using PortLoad.Cli;

namespace PortLoad.Tests.TestSupport;

/// <summary>The command line run in this process, with what it printed to standard output and standard error.</summary>
public static class CliInProcess
{
    /// <summary>Console.Out and Console.Error are the process's: callers are [NonParallelizable].</summary>
    public static async Task<(int Code, string Output, string Errors)> MainAsync(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var (savedError, savedOut) = (Console.Error, Console.Out);
        Console.SetError(errors);
        Console.SetOut(output);
        try
        {
            return (await Program.Main(args), output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetError(savedError);
            Console.SetOut(savedOut);
        }
    }
}
