using System.Diagnostics;
using PortLoad.Isolation;

namespace PortLoad.Tests.TestSupport;

/// <summary>PortLoad's command line in a process of its own, as a user (or a CI system) starts it: for signals, limits and mounts.</summary>
public static class CliProcess
{
    /// <summary>
    /// Starts <c>portload ARGS</c> through <c>bash -c</c>, after <paramref name="prelude"/> (e.g. "ulimit -S -n 64"), or,
    /// when the prelude ends in "--", as the command the prelude runs (e.g. "unshare --mount ... --").
    /// </summary>
    public static Process Start(string prelude, params string[] args)
    {
        var command = ChildCommand.For(typeof(PortLoad.Cli.Program).Assembly);
        var line = string.Join(' ', new[] { command.FileName }.Concat(command.Arguments).Concat(args).Select(Quote));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        // exec: the signals a test sends reach PortLoad itself, not the shell.
        start.ArgumentList.Add(prelude.Length == 0 ? $"exec {line}" : prelude.EndsWith("--", StringComparison.Ordinal) ? $"exec {prelude} {line}" : $"{prelude}; exec {line}");
        return Process.Start(start)!;
    }

    /// <summary>Runs <c>portload ARGS</c> to its end (at most <paramref name="limit"/>); its exit code and all it printed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string prelude, TimeSpan limit, params string[] args)
    {
        using var process = Start(prelude, args);
        return await FinishAsync(process, limit);
    }

    public static async Task<(int Code, string Output)> FinishAsync(Process process, TimeSpan limit)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Where it waits, before it is gone: a hang seen once in CI is then known from its first sighting.
            var waits = await WhereItWaitsAsync(process.Id);
            process.Kill(entireProcessTree: true);
            var printed = await output + await errors;
            Assert.Fail($"portload did not end within {limit}; it printed (the end):\n{(printed.Length > 4000 ? "..." + printed[^4000..] : printed)}\n{waits}");
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>
    /// Where process <paramref name="pid"/> waits: its awaiting async methods (<c>dotnet-dump</c>'s dumpasync), since a
    /// hang in async code shows in a thread's stack as a bare wait, and its threads' managed stacks (<c>dotnet-stack
    /// report</c>). The repository's tool manifest pins both; each tool has a minute, since a process hung in its
    /// runtime may not answer.
    /// </summary>
    public static async Task<string> WhereItWaitsAsync(int pid)
    {
        var id = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dump = Path.Combine(Path.GetTempPath(), $"portload-hang-{id}.dmp");
        try
        {
            var awaiting = await ToolAsync("dotnet-dump", "collect", "-p", id, "-o", dump) + await ToolAsync("dotnet-dump", "analyze", dump, "-c", "dumpasync --coalesce", "-c", "exit");
            return $"--- its awaiting async methods (dotnet-dump dumpasync) ---\n{awaiting}\n--- its threads' managed stacks (dotnet-stack) ---\n{await ToolAsync("dotnet-stack", "report", "-p", id)}";
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static async Task<string> ToolAsync(string tool, params string[] args)
    {
        var (code, output) = await RunToolAsync(tool, args);
        return code is null ? $"({tool} did not answer within a minute)\n" : output;
    }

    /// <summary><c>dotnet tool run TOOL -- ARGS</c> from the repository (whose manifest pins the tools), not started in a shell.</summary>
    public static ProcessStartInfo Tool(string tool, params string[] args) => new("dotnet", ["tool", "run", tool, "--", .. args])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = ScenarioJson.RepoRoot(),
    };

    /// <summary>Runs <see cref="Tool"/> to its end, at most a minute: its exit code (null: it did not end, and was killed) and all it printed.</summary>
    public static async Task<(int? Code, string Output)> RunToolAsync(string tool, params string[] args)
    {
        using var process = Process.Start(Tool(tool, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (null, "");
        }

        return (process.ExitCode, await output + await errors);
    }

    public static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
