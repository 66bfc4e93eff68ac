using PortLoad.Cli.Output;
using PortLoad.Isolation;
using PortLoad.Merging;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Scenarios;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary>
/// <c>run SCENARIO --segments N</c>: the scenario's load split over N processes on this machine, started exactly as
/// Kubernetes pods run them (<c>run --segment i/N --start-at T</c>), then merged. An isolated scenario's segments
/// share one fresh namespace and one server port (SO_REUSEPORT): together they hold more connections than one
/// process may have descriptors for.
/// </summary>
internal static class SegmentsLauncher
{
    public static async Task<int> RunAsync(string file, Scenario scenario, int count, OutputFolder folder, IAnsiConsole console, StopSignals signals)
    {
        var command = ChildCommand.For(typeof(Program).Assembly);
        SharedNamespace? shared;
        try
        {
            shared = scenario.Network.Isolated ? await SharedNamespace.StartAsync(command, scenario, signals.Token) : null;
        }
        catch (InvalidOperationException e)
        {
            // Not root, or no unshare: say so, as an isolated run does, rather than as a fault.
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return ExitCodes.Failed;
        }

        using var sharedScope = shared;
        var startAt = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(3 + (0.5 * count));
        // The segments write beside --out, not in it, until the merge is written: a launcher killed half-way leaves
        // --out empty for a rerun, and its segments' raw results under a name that says whose they were.
        var segments = $"{folder.Path}.segments-{Environment.ProcessId}";
        Directory.CreateDirectory(segments);
        console.MarkupLineInterpolated($"{count} segments{(shared is null ? "" : " in one shared namespace")}, starting together at {startAt:HH:mm:ss}; their output in {segments}");
        var ended = await SegmentProcesses.RunAsync(
            command, shared?.NetnsPath, file, count, startAt, segments, e => console.MarkupLineInterpolated($"segment {e.Segment} ended (exit {e.ExitCode})"), signals.Token);
        var written = ended.Where(e => e.Wrote).ToList();
        if (written.Count < count)
        {
            console.MarkupLineInterpolated($"[red]{count - written.Count} of {count} segments wrote no results; see {segments}/segment-*.log[/]");
            if (written.Count == 0)
            {
                return ExitCodes.Failed;
            }
        }

        // Partial when some segments wrote nothing (said above): the merged summary then says so too.
        var merged = SegmentMerge.Merge([.. written.Select(e => (Path.GetFileName(e.Folder), ResultsFolder.Read(e.Folder)))], partial: true);
        ComparisonTable.Write(console, merged.Summary);
        var saved = ResultsOutput.Write(console, folder, ResultExporters.Writer, merged, signals);
        if (saved)
        {
            Directory.Move(segments, Path.Combine(folder.Path, "segments"));
        }

        // Stopped (Ctrl+C, SIGTERM): what the segments measured is saved, and the exit code says the run was cut short.
        return signals.Token.IsCancellationRequested ? signals.ExitCode
            : saved && written.Count == count ? ResultsOutput.Verdict(merged.Summary, true)
            : ExitCodes.Failed;
    }
}
