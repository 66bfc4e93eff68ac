using System.CommandLine;
using PortLoad.Reports;
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

    public static Option<string?> JUnitOption() => new("--junit") { Description = "Also write the scenario's thresholds as JUnit XML to this file, for CI" };

    /// <summary>Checks that the --junit file can be written where it is meant to go; prints the problem when not.</summary>
    public static bool JUnitPathOk(string? path)
    {
        if (path is null)
        {
            return true;
        }

        var folder = path.Trim().Length == 0 ? null : Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || Directory.Exists(path) || !Directory.Exists(folder))
        {
            Console.Error.WriteLine($"--junit: \"{path}\" must be a file in a folder that exists");
            return false;
        }

        return true;
    }

    /// <summary>Writes the thresholds as JUnit XML when asked; false (the problem printed) when that fails.</summary>
    public static bool WriteJUnit(string? path, RunSummary summary)
    {
        if (path is null)
        {
            return true;
        }

        try
        {
            AtomicFile.Write(path, writer => JUnitReport.Write(summary, writer));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"--junit: could not write {path}: {e.Message}");
            return false;
        }
    }

    /// <summary>The exit code of a run that went through: 3 when a threshold failed.</summary>
    public static int Verdict(RunSummary summary, bool written) =>
        !written ? ExitCodes.Failed : summary.ThresholdsPassed ? ExitCodes.Ok : ExitCodes.ThresholdsFailed;

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
