using System.Diagnostics;
using System.Runtime.InteropServices;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Scenarios;

namespace PortLoad.Isolation;

/// <summary>
/// Runs a strategy in a fresh network namespace: re-executes PortLoad under <c>unshare --net</c>
/// (with <c>--map-root-user</c> when not root), hands it the scenario, follows its progress and
/// collects its results. Nothing on the host changes; the namespace dies with the child.
/// </summary>
public sealed partial class IsolatedStrategyRunner(ChildCommand command) : IStrategyRunner
{
    public const string ChildVerb = "strategy-child";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    public event Action<StrategyOptions, ILiveFigures>? Started;

    public async Task<StrategyRun> RunAsync(Scenario scenario, StrategyOptions strategy, CancellationToken stop)
    {
        var resultPath = Path.Combine(Path.GetTempPath(), $"portload-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        using var process = Start();
        var request = new ChildRequest(scenario, strategy.Name, NetworkNamespace.Current(), resultPath);
        // Standard input stays open while the child runs: if this process dies, however it dies, the child
        // reads end-of-file, stops its load and leaves nothing behind.
        await process.StandardInput.WriteLineAsync(ChildProtocol.Write(request).AsMemory(), stop).ConfigureAwait(false);
        await process.StandardInput.FlushAsync(stop).ConfigureAwait(false);

        var figures = new LatestFigures();
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var progress = FollowAsync(process, strategy, figures);
        using (stop.Register(() => Interrupt(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        await progress.ConfigureAwait(false);
        var stderr = (await errors.ConfigureAwait(false)).Trim();
        try
        {
            if (!File.Exists(resultPath))
            {
                throw new InvalidOperationException(Explain(process.ExitCode, stderr));
            }

            return ChildProtocol.Read<StrategyRun>(await File.ReadAllTextAsync(resultPath, CancellationToken.None).ConfigureAwait(false));
        }
        finally
        {
            File.Delete(resultPath);
        }
    }

    private Process Start()
    {
        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--net");
        if (GetUid() != 0)
        {
            start.ArgumentList.Add("--map-root-user");
        }

        start.ArgumentList.Add("--");
        start.ArgumentList.Add(command.FileName);
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(ChildVerb);
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("could not start unshare");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"an isolated namespace needs 'unshare' (util-linux), which could not be started: {e.Message}", e);
        }
    }

    private async Task FollowAsync(Process process, StrategyOptions strategy, LatestFigures figures)
    {
        var started = false;
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            figures.Update(ChildProtocol.Read<FiguresSnapshot>(line));
            if (!started)
            {
                started = true;
                Started?.Invoke(strategy, figures);
            }
        }
    }

    private static string Explain(int exitCode, string stderr)
    {
        if (stderr.StartsWith("unshare:", StringComparison.Ordinal))
        {
            return $"PortLoad could not create a network namespace ({stderr}). Run as root, or allow unprivileged user namespaces "
                   + "(sysctl kernel.unprivileged_userns_clone=1 on Debian), or set \"network\": { \"namespace\": \"host\" }.";
        }

        return $"the isolated run failed (exit code {exitCode}): {(stderr.Length > 0 ? stderr : "no message")}";
    }

    // The child handles SIGINT as Ctrl+C: it stops the load and still writes its results.
    private static void Interrupt(Process process)
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, 2);
            _ = Task.Delay(StopGrace).ContinueWith(_ => KillIfRunning(process), TaskScheduler.Default);
        }
    }

    private static void KillIfRunning(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
