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
            var runs = parse.GetValue(folders)!.Select(f => (Path.GetFileName(Path.GetFullPath(f).TrimEnd('/')), ResultsFolder.Read(f))).ToList();
            var dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            ResultExporters.ReportWriter.Write(ResultsFolder.Combine(runs), dir);
            Console.WriteLine($"Wrote {Path.Combine(dir, "report.html")}, report.md, report.pdf and the charts");
        }));
        return command;
    }

    private static int Guard(Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
    }
}
