using System.Diagnostics;
using System.Globalization;
using PortLoad.Scenarios;

namespace PortLoad.Isolation;

/// <summary>
/// A scenario's load split over N processes on this machine, each started exactly as a Kubernetes pod runs it
/// (<c>run SCENARIO --segment i/N --start-at T --out DIR</c>), inside a shared namespace when there is one, its output
/// in a log beside its results; waited for together and stopped together.
/// </summary>
public static class SegmentProcesses
{
    /// <summary>The hidden <c>run</c> option of a segment that runs in a namespace another process prepared and shares.</summary>
    public const string InNamespaceOption = "--in-namespace";

    /// <summary>The hidden <c>run</c> option of a segment whose standard input is its launcher's pipe (<see cref="ParentPipe"/>).</summary>
    public const string StopWithParentOption = "--stop-with-parent";

    /// <summary>One segment's end: its results folder (with summary.json when it wrote any) and exit code.</summary>
    public sealed record Ended(Segment Segment, string Folder, int ExitCode)
    {
        public bool Wrote => File.Exists(Path.Combine(Folder, "summary.json"));
    }

    /// <summary>The command line of one segment: the program the user started, its <c>run</c> verb, through nsenter into <paramref name="sharedNetns"/> when given.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) CommandLine(ChildCommand command, string? sharedNetns, string file, Segment segment, DateTimeOffset startAt, string output) =>
        (sharedNetns is null ? command.FileName : "nsenter",
        [
            .. sharedNetns is null ? [] : (string[])[$"--net={sharedNetns}", "--", command.FileName],
            .. command.Arguments,
            "run", file, "--segment", segment.ToString(), "--start-at", startAt.ToString("O", CultureInfo.InvariantCulture),
            "--no-live", "--out", output, StopWithParentOption,
            .. sharedNetns is null ? [] : (string[])[InNamespaceOption],
        ]);

    /// <summary>
    /// Starts <paramref name="count"/> segments into <c>segment-i</c> folders of <paramref name="folder"/> and waits for them
    /// all; <paramref name="stop"/> ends every one of them (SIGTERM: each still writes what it measured).
    /// </summary>
    /// <param name="ended">Told of each segment as it ends, in order.</param>
    public static async Task<IReadOnlyList<Ended>> RunAsync(
        ChildCommand command, string? sharedNetns, string file, int count, DateTimeOffset startAt, string folder, Action<Ended> ended, CancellationToken stop)
    {
        var started = new List<(Segment Segment, Process Process, string Folder)>();
        var results = new List<Ended>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var segment = new Segment(i, count);
                var output = Path.Combine(folder, Invariant.Format($"segment-{i}"));
                started.Add((segment, Start(CommandLine(command, sharedNetns, file, segment, startAt, output), output + ".log"), output));
            }

            using var stopping = stop.Register(() => started.ForEach(p => ProcessSignal.Terminate(p.Process)));
            foreach (var (segment, process, output) in started)
            {
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                results.Add(new Ended(segment, output, process.ExitCode));
                ended(results[^1]);
            }
        }
        finally
        {
            started.ForEach(p => p.Process.Dispose());
        }

        return results;
    }

    /// <summary>
    /// Starts PortLoad again as a child whose output goes to <paramref name="logFile"/>; its standard input is a pipe
    /// left open, so a child given <see cref="StopWithParentOption"/> stops by itself when this process goes, however.
    /// </summary>
    public static Process Start((string FileName, IReadOnlyList<string> Arguments) commandLine, string logFile)
    {
        // Standard input stays open, unwritten, while the segment runs: if the launcher dies, however it dies, the segment
        // reads its end and stops its load by itself.
        var start = ChildCommand.WithoutDiagnosticPort(new ProcessStartInfo(commandLine.FileName) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true });
        foreach (var argument in commandLine.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var log = new StreamWriter(logFile) { AutoFlush = true };
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
