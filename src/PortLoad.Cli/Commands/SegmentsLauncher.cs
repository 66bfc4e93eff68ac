using System.Diagnostics;
using System.Globalization;
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
        var segments = Path.Combine(folder.Path, "segments");
        Directory.CreateDirectory(segments);
        console.MarkupLineInterpolated($"{count} segments{(shared is null ? "" : " in one shared namespace")}, starting together at {startAt:HH:mm:ss}; their output in {segments}");
        var processes = new List<(int Index, Process Process, string Folder)>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var output = Path.Combine(segments, Invariant.Format($"segment-{i}"));
                processes.Add((i, Start(command, shared, file, new Segment(i, count), startAt, output), output));
            }

            using var stopping = signals.Token.Register(() => processes.ForEach(p => ProcessSignal.Terminate(p.Process)));
            foreach (var (index, process, _) in processes)
            {
                await process.WaitForExitAsync(CancellationToken.None);
                console.MarkupLineInterpolated($"segment {index}/{count} ended (exit {process.ExitCode})");
            }
        }
        finally
        {
            processes.ForEach(p => p.Process.Dispose());
        }

        var written = processes.Where(p => File.Exists(Path.Combine(p.Folder, "summary.json"))).ToList();
        if (written.Count < count)
        {
            console.MarkupLineInterpolated($"[red]{count - written.Count} of {count} segments wrote no results; see {segments}/segment-*.log[/]");
            if (written.Count == 0)
            {
                return ExitCodes.Failed;
            }
        }

        var merged = SegmentMerge.Merge([.. written.Select(p => (Path.GetFileName(p.Folder), ResultsFolder.Read(p.Folder)))]);
        ComparisonTable.Write(console, merged.Summary);
        return ResultsOutput.Write(console, folder, ResultExporters.Writer, merged, signals) && written.Count == count
            ? ResultsOutput.Verdict(merged.Summary, true)
            : signals.Token.IsCancellationRequested ? signals.ExitCode : ExitCodes.Failed;
    }

    /// <summary>One segment, exactly as a pod runs it (plus --in-namespace when it shares one), its output in a log beside its results.</summary>
    private static Process Start(ChildCommand command, SharedNamespace? shared, string file, Segment segment, DateTimeOffset startAt, string output)
    {
        var start = new ProcessStartInfo(shared is null ? command.FileName : "nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            .. shared is null ? [] : (string[])[$"--net={shared.NetnsPath}", "--", command.FileName],
            .. command.Arguments,
            "run", file, "--segment", segment.ToString(), "--start-at", startAt.ToString("O", CultureInfo.InvariantCulture),
            "--no-live", "--out", output,
            .. shared is null ? [] : (string[])[RunCommand.InNamespaceOption],
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var log = new StreamWriter(output + ".log") { AutoFlush = true };
        var lines = 2;
        void Write(string? line)
        {
            if (line is not null)
            {
                lock (log)
                {
                    log.WriteLine(line);
                }
            }
            else if (Interlocked.Decrement(ref lines) == 0)
            {
                log.Dispose();
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
