using PortLoad.Results;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary>The <c>--out</c> of run, simulate and sweep: checked and reserved before anything runs, written with a fallback after.</summary>
internal static class ResultsOutput
{
    /// <summary>The reserved folder: <paramref name="output"/>, or results/&lt;name&gt;-&lt;UTC time&gt;; null (the problem printed) when it cannot be used.</summary>
    public static OutputFolder? Reserve(string? output, string resultsRoot, string name)
    {
        try
        {
            return OutputFolder.Reserve(output ?? ResultsFolders.Default(resultsRoot, name, TimeProvider.System.GetUtcNow()));
        }
        catch (OutputFolderException e)
        {
            Console.Error.WriteLine($"{(output is null ? "results folder" : "--out")}: {e.Message}");
            return null;
        }
    }

    /// <summary>Writes the results (no signal cuts that short) and says where they went; false when they could not go where asked.</summary>
    public static bool Write<T>(IAnsiConsole console, OutputFolder folder, ResultsWriter<T> writer, T result, StopSignals? signals = null)
    {
        (string Written, string? Problem) outcome;
        using (signals?.Writing())
        {
            outcome = folder.Write(writer, result);
        }

        console.MarkupLineInterpolated($"Results: [bold]{outcome.Written}[/]");
        if (outcome.Problem is { } problem)
        {
            console.MarkupLineInterpolated($"[red]{problem}[/]");
            return false;
        }

        return true;
    }
}
