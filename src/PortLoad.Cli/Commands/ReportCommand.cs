using System.CommandLine;
using PortLoad.Reports;
using PortLoad.Results;

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
        }));
        return command;
    }

    public static Command CreateCompare()
    {
        var folders = new Argument<string[]>("results") { Description = "Two or more results folders", Arity = new ArgumentArity(2, 32) };
        var output = new Option<string>("--out") { Description = "Where to write the comparison", DefaultValueFactory = _ => Path.Combine("results", "comparison") };
        var command = new Command("compare", "Write one report comparing several runs (e.g. before and after a fix)") { folders, output };
        command.SetAction(parse => Guard(() =>
        {
            var runs = ReadAll(parse.GetValue(folders)!);
            var dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            ResultExporters.ReportWriter.Write(ResultsFolder.Combine(runs), dir);
            Console.WriteLine($"Wrote {Path.Combine(dir, "report.html")}, report.md, report.pdf and the charts");
        }));
        return command;
    }

    public static Command CreateMerge()
    {
        var folders = new Argument<string[]>("results") { Description = "The results folders of a run's segments (--segment i/N)", Arity = new ArgumentArity(1, 1000) };
        var output = new Option<string>("--out") { Description = "Where to write the merged results", DefaultValueFactory = _ => Path.Combine("results", "merged") };
        var command = new Command("merge", "Add up the results of a run split into segments (--segment i/N) into one results folder, with its reports") { folders, output };
        command.SetAction(parse => Guard(() =>
        {
            var runs = ReadAll(parse.GetValue(folders)!);
            var dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            var merged = PortLoad.Merging.SegmentMerge.Merge(runs);
            ResultExporters.Writer.Write(merged, dir);
            Console.WriteLine($"Merged {runs.Count} segments into {dir}: summary.json, timeseries.csv, the latency histograms and the reports");
        }));
        return command;
    }

    /// <summary>Each results folder read, named by its folder's name.</summary>
    private static List<(string Name, ScenarioRun Run)> ReadAll(string[] folders) =>
        [.. folders.Select(f => (Path.GetFileName(Path.GetFullPath(f).TrimEnd('/')), ResultsFolder.Read(f)))];

    private static int Guard(Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or PortLoad.Merging.MergeException)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
    }
}
