using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Net;
using PortLoad.HostInfo;
using PortLoad.Merging;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Scenarios;
using PortLoad.Server;

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

    public Task<StrategyRun> RunAsync(Scenario scenario, StrategyOptions strategy, CancellationToken stop) =>
        scenario.Network.Routed ? RunRoutedAsync(scenario, strategy, stop) : RunSingleAsync(scenario, strategy, stop);

    private Task<StrategyRun> RunSingleAsync(Scenario scenario, StrategyOptions strategy, CancellationToken stop)
    {
        var figures = new LatestFigures();
        return RunChildAsync(scenario, strategy, null, null, figures, figures, stop);
    }

    /// <summary>
    /// Instances behind a router (and its NAT, if any): the namespaces built, the embedded server's socket made in
    /// the server's namespace and served from this process, one child per client namespace running the whole load,
    /// their results added up, each instance listed. Their live figures are added up too, once the first has some.
    /// </summary>
    private async Task<StrategyRun> RunRoutedAsync(Scenario scenario, StrategyOptions strategy, CancellationToken stop)
    {
        using var network = RoutedNetwork.Create(scenario.Network.Instances, scenario.Network.Nat);
        var options = TestServers.OptionsFor(scenario, strategy);
        var server = NamespaceEntry.Inside(network.ServerNetns, () => EchoServer.Start(new IPEndPoint(RoutedNetwork.ServerAddress, RoutedNetwork.ServerPort), options));
        // Per-request warms up against another port, as in one namespace: behind a NAT, warm-up connections to the
        // measured port held its mappings into the run (2 s answers, 128 ports: the first failure came 0.3 s early).
        // Its delays are drawn from a chance of its own, so the measured server's are the model's from the first.
        var warmUp = NamespaceEntry.Inside(network.ServerNetns, () => EchoServer.Start(new IPEndPoint(RoutedNetwork.ServerAddress, RoutedNetwork.WarmUpPort), options with { Random = new SeededRandom(scenario.Seed()) }));
        await using (server.ConfigureAwait(false))
        await using (warmUp.ConfigureAwait(false))
        {
            var servers = new ChildServers(server.EndPoint.ToString(), warmUp.EndPoint.ToString());
            var count = network.ClientNetns.Count;
            var figures = network.ClientNetns.Select(_ => new LatestFigures()).ToList();
            var whole = count == 1 ? (ILiveFigures)figures[0] : new InstanceFigures(figures);
            var runs = await Task.WhenAll(network.ClientNetns.Select((netns, i) => RunChildAsync(scenario, strategy, netns, servers, figures[i], i == 0 ? whole : null, stop))).ConfigureAwait(false);
            var interval = runs[0].Rows.Count > 0 ? runs[0].Rows[0].T : 1;
            var run = count == 1 ? runs[0] : SegmentMerge.Merge([.. runs.Select((r, i) => (Invariant.Format($"instance {i + 1} of {count}"), r))], interval);

            // The server ran here: its own count of what reached it through the router.
            return run.Result.Held is { } held
                ? run with { Result = run.Result with { Held = held with { Server = HoldMeter.Census(server.Census) } } }
                : run;
        }
    }

    /// <param name="netns">The namespace to run in (entered with nsenter); null: a fresh one (unshare).</param>
    /// <param name="servers">The embedded server's addresses when this process runs it; null: the child starts its own.</param>
    /// <param name="figures">Where this child's progress goes.</param>
    /// <param name="announce">The strategy's figures, announced (<see cref="Started"/>) when this child's first progress arrives; null: none.</param>
    private async Task<StrategyRun> RunChildAsync(Scenario scenario, StrategyOptions strategy, string? netns, ChildServers? servers, LatestFigures figures, ILiveFigures? announce, CancellationToken stop)
    {
        var resultPath = Path.Combine(Path.GetTempPath(), $"portload-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        using var process = Start(netns);
        var request = new ChildRequest(scenario, strategy.Name, NetworkNamespace.Current(), resultPath) { Server = servers?.Server, WarmUpServer = servers?.WarmUp };
        // Standard input stays open while the child runs: if this process dies, however it dies, the child
        // reads end-of-file, stops its load and leaves nothing behind.
        await process.StandardInput.WriteLineAsync(ChildProtocol.Write(request).AsMemory(), stop).ConfigureAwait(false);
        await process.StandardInput.FlushAsync(stop).ConfigureAwait(false);

        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var progress = FollowAsync(process, strategy, figures, announce);
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

    private Process Start(string? netns)
    {
        var start = ChildCommand.WithoutDiagnosticPort(new ProcessStartInfo(netns is null ? "unshare" : "nsenter")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        });
        start.ArgumentList.Add(netns is null ? "--net" : $"--net={netns}");
        if (netns is null && GetUid() != 0)
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

    /// <summary>
    /// Reads the child's reports as they come. Reading one is compiled first, while the child process starts up: the
    /// child sends its first report right before its clock starts, and reading it for the first time took this process
    /// a share of the two cores in the child's first 50 ms of load (a closed model's 300 ports ran out 0.06-0.08 s in,
    /// 0.03-0.04 s with the reports left unread or read this way; #24).
    /// </summary>
    private async Task FollowAsync(Process process, StrategyOptions strategy, LatestFigures figures, ILiveFigures? announce)
    {
        _ = ChildProtocol.Read<FiguresSnapshot>(ChildProtocol.Write(FiguresSnapshot.Of(new RunRecorder(TimeProvider.System, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))));
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            figures.Update(ChildProtocol.Read<FiguresSnapshot>(line));
            if (announce is not null)
            {
                Started?.Invoke(strategy, announce);
                announce = null;
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

    // SIGTERM, which the child answers as it does Ctrl+C (it stops the load and still writes its results), and which,
    // unlike SIGINT, it cannot have inherited as ignored: a shell starts a background job ("cmd &") with SIGINT ignored.
    private static void Interrupt(Process process)
    {
        if (!process.HasExited)
        {
            ProcessSignal.Terminate(process);
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

    /// <summary>The embedded servers this process runs for the children, behind a router: the measured one and the warm-up's.</summary>
    private sealed record ChildServers(string Server, string WarmUp);
}
