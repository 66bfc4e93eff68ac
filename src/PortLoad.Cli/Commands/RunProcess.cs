using PortLoad.Isolation;
using PortLoad.Results;

namespace PortLoad.Cli.Commands;

/// <summary>
/// <c>portload run FILE</c> in a process of its own, as a user starts it: a run's first tens of milliseconds share the
/// cores with its own process starting up, which a run driven from a process long started does not (a closed model
/// then fills a small range in about a third less time).
/// </summary>
internal static class RunProcess
{
    /// <summary>Runs <paramref name="file"/> into <paramref name="output"/> (its console output beside it, in <c>.log</c>); the summary, or null when it wrote none.</summary>
    public static async Task<RunSummary?> RunAsync(string file, string output, CancellationToken stop)
    {
        var command = ChildCommand.For(typeof(Program).Assembly);
        using (var process = SegmentProcesses.Start((command.FileName, [.. command.Arguments, "run", file, "--no-live", "--out", output, SegmentProcesses.StopWithParentOption]), output + ".log"))
        using (stop.Register(() => ProcessSignal.Terminate(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        stop.ThrowIfCancellationRequested();
        return File.Exists(Path.Combine(output, "summary.json")) ? ResultsFolder.Read(output).Summary : null;
    }
}
