using System.CommandLine;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Settings;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload report DIR</c> re-renders a run's charts and reports; <c>portload compare DIR DIR...</c> puts runs side by side.</summary>
internal static class ReportCommand
{
    public static Command CreateReport()
    {
        var folder = new Argument<string>("results") { Description = "A results folder (with summary.json and timeseries.csv)" };
        var command = new Command("report", "Re-render the charts, report.html, report.md and report.pdf of a results folder") { folder };
        command.SetAction(parse => Guard(() =>
        {
            var dir = parse.GetValue(folder)!;
            ResultExporters.ReportWriter.Write(ResultsFolder.Read(dir), dir);
            Console.WriteLine($"Wrote {Path.Combine(dir, "report.html")}, report.md, report.pdf and the charts");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command CreateCompare()
    {
        var folders = new Argument<string[]>("results") { Description = "Two or more results folders", Arity = new ArgumentArity(2, 32) };
        var output = new Option<string?>("--out") { Description = "A new or empty folder for the comparison (default: <ResultsDirectory>/comparison-<UTC time>, results/ unless appsettings.json says)" };
        var command = new Command("compare", "Write one report comparing several runs (e.g. before and after a fix)") { folders, output };
        command.SetAction(parse => Guard(() =>
        {
            var inputs = parse.GetValue(folders)!;
            var combined = ResultsFolder.Combine(ReadAll(inputs));
            using var folder = Reserve(parse.GetValue(output), "comparison", inputs);
            var (written, problem) = folder.Write(ResultExporters.ReportWriter, combined);
            Console.WriteLine($"Wrote {Path.Combine(written, "report.html")}, report.md, report.pdf and the charts");
            return Outcome(problem);
        }));
        return command;
    }

    public static Command CreateMerge()
    {
        var folders = new Argument<string[]>("results") { Description = "The results folders of a run's segments (--segment i/N)", Arity = new ArgumentArity(1, SummaryJsonExporter.MaxMergedFolders) };
        var output = new Option<string?>("--out") { Description = "A new or empty folder for the merged results (default: <ResultsDirectory>/<scenario>-merged-<UTC time>, results/ unless appsettings.json says)" };
        var partial = new Option<bool>("--partial") { Description = "Merge the segments given even when some of the split are missing (the results say so)" };
        var command = new Command("merge", "Add up the results of a run split into segments (--segment i/N) into one results folder, with its reports") { folders, output, partial };
        command.SetAction(parse => Guard(() =>
        {
            var inputs = parse.GetValue(folders)!;
            var runs = ReadAll(inputs);
            var merged = PortLoad.Merging.SegmentMerge.Merge(runs, parse.GetValue(partial));
            using var folder = Reserve(parse.GetValue(output), merged.Summary.Scenario + "-merged", inputs);
            var (written, problem) = folder.Write(ResultExporters.Writer, merged);
            Console.WriteLine($"Merged {runs.Count} segments into {written}: summary.json, timeseries.csv, the latency histograms and the reports");
            return Outcome(problem);
        }));
        return command;
    }

    /// <summary>
    /// --out reserved as run reserves it (new or empty, written whole through a .partial folder), and never one of the
    /// inputs or inside one: only once every input has been read and checked, so a refusal creates nothing.
    /// </summary>
    private static OutputFolder Reserve(string? output, string name, string[] inputs)
    {
        try
        {
            var target = OutputFolder.FullPath(output ?? ResultsFolders.Default(ResultsRoot(), name, TimeProvider.System.GetUtcNow()));
            foreach (var input in inputs.Select(i => Path.GetFullPath(i).TrimEnd('/')))
            {
                if (target == input || target.StartsWith(input + "/", StringComparison.Ordinal))
                {
                    throw new OutputFolderException($"{output} is one of the inputs ({input}) or inside one; give a new or empty folder");
                }
            }

            return OutputFolder.Reserve(target);
        }
        catch (OutputFolderException e)
        {
            // Named as run names it, so the same problem reads the same from every verb.
            throw new OutputFolderException($"{(output is null ? "results folder" : "--out")}: {e.Message}");
        }
    }

    /// <summary>Where results go without --out: appsettings.json's (or PORTLOAD__RESULTSDIRECTORY's) ResultsDirectory, as for run.</summary>
    private static string ResultsRoot()
    {
        try
        {
            return SettingsLoader.Load().ResultsDirectory;
        }
        catch (ScenarioException e)
        {
            throw new OutputFolderException(e.Message);
        }
    }

    /// <summary>Each results folder read, named by its folder's name.</summary>
    private static List<(string Name, ScenarioRun Run)> ReadAll(string[] folders) =>
        [.. folders.Select(f => (Path.GetFileName(Path.GetFullPath(f).TrimEnd('/')), ResultsFolder.Read(f)))];

    /// <summary>A write that fell back to a temporary folder (a full disk, say) says why and ends in failure.</summary>
    private static int Outcome(string? problem)
    {
        if (problem is null)
        {
            return ExitCodes.Ok;
        }

        Console.Error.WriteLine(problem);
        return ExitCodes.Failed;
    }

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or PortLoad.Merging.MergeException or OutputFolderException)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
    }
}
