using System.Diagnostics;
using System.Text.Json;
using PortLoad.Cli;
using PortLoad.Tests.TestSupport;
using PortLoad.Results;

namespace PortLoad.Tests.Cli;

/// <summary>
/// What a user gets when things go wrong around a run: a signal, a full or read-only disk, a parent killed
/// under an isolated child, a low open-file limit. PortLoad runs as a process of its own here, started the way
/// a user or a CI system starts it.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class FaultInjectionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("signals, mounts and ulimit are tested on Linux");
        }

        _folder = Directory.CreateTempSubdirectory("portload-faults-").FullName;
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    // Regression: SIGTERM (timeout, docker stop, Kubernetes, CI cancellation) discarded everything, exit 143.
    [TestCase("TERM", 1.5, ExitCodes.Terminated)]
    [TestCase("TERM", 4, ExitCodes.Terminated)]
    [TestCase("HUP", 3, ExitCodes.HungUp)]
    [TestCase("INT", 3, ExitCodes.Cancelled)]
    public async Task Signal_DuringTheRun_WritesPartialResults(string signal, double afterSeconds, int expected)
    {
        var output = Path.Combine(_folder, "out");
        using var process = CliProcess.Start("", "run", Scenario(inject: "{ \"rate\": 50, \"during\": \"20s\" }"), "--out", output, "--no-live");
        await Task.Delay(TimeSpan.FromSeconds(afterSeconds));
        Send(signal, process.Id);

        var (code, printed) = await CliProcess.FinishAsync(process, Limit);

        Assert.That(code, Is.EqualTo(expected), printed);
        Assert.That(printed, Does.Contain($"Stopping (SIG{signal})"));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.That(summary.RootElement.GetProperty("completed").GetBoolean(), Is.False);
        Assert.That(Directory.GetDirectories(_folder, "*.partial-*"), Is.Empty);
    }

    // Regression: an isolated run started as a background job ("cmd &" ignores SIGINT) was stopped by SIGTERM only after
    // its strategy ran to the end, or its child was killed and the figures lost: the parent stopped the child with the
    // SIGINT the child had inherited as ignored.
    [Test]
    public async Task IsolatedRun_WithSigintIgnored_StopsOnSigterm_KeepingItsFigures()
    {
        RequireRoot("an isolated network namespace");
        var output = Path.Combine(_folder, "out");
        using var process = CliProcess.Start("trap '' INT", "run", Scenario(inject: "{ \"rate\": 50, \"during\": \"40s\" }", isolated: true), "--out", output, "--no-live");
        await Task.Delay(TimeSpan.FromSeconds(6));
        var signalled = Stopwatch.StartNew();
        Send("TERM", process.Id);

        var (code, printed) = await CliProcess.FinishAsync(process, Limit);

        Assert.That(code, Is.EqualTo(ExitCodes.Terminated), printed);
        Assert.That(signalled.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "stopped when told, not when the 40 s load ran out");
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var strategy = summary.RootElement.GetProperty("strategies")[0];
        Assert.That(strategy.GetProperty("requests").GetProperty("attempted").GetInt64(), Is.GreaterThan(0), "the child's figures came back");
        Assert.That(summary.RootElement.GetProperty("completed").GetBoolean(), Is.False);
    }

    // Regression: run --segments stopped by SIGTERM saved the merged results but exited 0, as if the run had ended.
    [Test]
    public async Task Segments_StoppedBySigterm_SaveWhatTheyMeasured_AndExit143()
    {
        var output = Path.Combine(_folder, "out");
        using var process = CliProcess.Start("", "run", Scenario(inject: "{ \"rate\": 40, \"during\": \"30s\" }"), "--segments", "2", "--out", output);
        // The segments start together about 4 s after the launcher (3 s + 0.5 s a segment): stop them well into their load.
        await Task.Delay(TimeSpan.FromSeconds(8));
        Send("TERM", process.Id);

        var (code, printed) = await CliProcess.FinishAsync(process, Limit);

        Assert.That(code, Is.EqualTo(ExitCodes.Terminated), printed);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.That(summary.RootElement.GetProperty("mergedSegments").GetInt32(), Is.EqualTo(2));
        Assert.That(summary.RootElement.GetProperty("completed").GetBoolean(), Is.False);
    }

    // Regression: a routed scenario run by a normal user started, printed an empty "Results (incomplete)" and
    // "nsenter: cannot open /proc/N/ns/net", exit 1.
    [Test]
    public async Task RoutedScenario_AsANormalUser_IsRefusedBeforeAnyLoad()
    {
        RequireRoot("setpriv, to run PortLoad as the user nobody");
        var output = Path.Combine(_folder, "out");
        var scenario = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "nat-instances.json");

        var (code, printed) = await CliProcess.RunAsync("setpriv --reuid=65534 --regid=65534 --clear-groups --", Limit, "run", scenario, "--out", output, "--no-live");

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), printed);
        Assert.That(printed, Does.Contain("needs root"));
        Assert.That(printed, Does.Not.Contain("Results"), "refused before the run began");
        Assert.That(Directory.Exists(output), Is.False);
    }

    // Regression: run --segments whose launcher was SIGKILLed left its segments generating load for their whole load,
    // and --out holding their segments/ folder, which refused a rerun into it.
    [Test]
    public async Task SegmentsLauncherKilled_TheSegmentsStopByThemselves_AndOutStaysFreeForARerun()
    {
        var output = Path.Combine(_folder, "out");
        using var launcher = CliProcess.Start("", "run", Scenario(inject: "{ \"rate\": 20, \"during\": \"60s\" }"), "--segments", "2", "--out", output);
        var segments = await Eventually.ValueAsync(() => SegmentsOf(launcher.Id), found => found.Count == 2, TimeSpan.FromSeconds(30));
        Assert.That(segments, Has.Count.EqualTo(2), "the two segments did not start");

        launcher.Kill();
        await launcher.WaitForExitAsync();
        var running = await Eventually.ValueAsync(() => segments.Where(Alive).ToList(), alive => alive.Count == 0, TimeSpan.FromSeconds(20));

        Assert.That(running, Is.Empty, $"segments {string.Join(", ", running)} still run 20 s after their launcher was killed (their load had 60 s to go)");
        Assert.That(Directory.Exists(output) ? Directory.GetFileSystemEntries(output) : [], Is.Empty, "--out is left as a rerun needs it");
        Assert.That(Directory.Exists($"{output}.segments-{launcher.Id}"), Is.True, "the segments' raw results stay, named after their launcher");
        using var rerun = OutputFolder.Reserve(output);
    }

    // Regression: a full disk at the end threw the run away (a stack trace, data stranded in <out>.partial-PID).
    [Test]
    public async Task DiskFull_AtTheEnd_ResultsGoToATemporaryFolder_AndNothingHalfWrittenStays()
    {
        RequireRoot("a tmpfs mounted in a mount namespace of the test's own");
        var mount = Path.Combine(_folder, "tiny");
        Directory.CreateDirectory(mount);
        var scenario = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "exhaustion.json");
        var inside = $"mount -t tmpfs -o size=16k tmpfs {CliProcess.Quote(mount)}; shift; \"$@\"; code=$?; echo \"left on the full disk: [$(ls -A {CliProcess.Quote(mount)})]\"; exit $code";

        var (code, printed) = await CliProcess.RunAsync($"unshare --mount --propagation private bash -c {CliProcess.Quote(inside)} mounted --", Limit,
            "simulate", scenario, "--out", Path.Combine(mount, "out"));

        var text = System.Text.RegularExpressions.Regex.Replace(printed, @"\s+", " ");
        var fallback = System.Text.RegularExpressions.Regex.Match(text, @"Results: (\S+)").Groups[1].Value;
        Assert.That(code, Is.EqualTo(ExitCodes.Failed), printed);
        Assert.That(text, Does.Contain("No space left on device").And.Contain($"they are in {fallback} instead"));
        Assert.That(text, Does.Contain("left on the full disk: []"), "no half-written folder (.partial-PID) stays behind");
        Assert.That(fallback, Does.StartWith(Path.Combine(Path.GetTempPath(), "portload-results")));
        Assert.That(File.Exists(Path.Combine(fallback, "summary.json")), Is.True);
        Directory.Delete(fallback, recursive: true);
    }

    // Regression: a read-only --out was found only after all the load.
    [Test]
    public async Task ReadOnlyOut_IsRefusedBeforeAnyLoad()
    {
        RequireRoot("a read-only tmpfs mounted in a mount namespace of the test's own");
        var mount = Path.Combine(_folder, "ro");
        Directory.CreateDirectory(mount);
        var inside = $"mount -t tmpfs -o ro tmpfs {CliProcess.Quote(mount)}; exec \"$@\"";

        var (code, printed) = await CliProcess.RunAsync($"unshare --mount --propagation private bash -c {CliProcess.Quote(inside)} mounted --", Limit,
            "run", Scenario(inject: "{ \"rate\": 10, \"during\": \"30s\" }"), "--out", Path.Combine(mount, "out"));

        Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), printed);
        Assert.That(printed, Does.Contain("--out: cannot write the results to").And.Contain("Read-only file system"));
        Assert.That(printed, Does.Not.Contain("strategies:"), "refused before the run began");
    }

    // Regression: killing the parent of an isolated run left its child generating load, and a temporary file behind.
    [Test]
    public async Task ParentKilled_TheIsolatedChildStops_AndLeavesNoTemporaryFile()
    {
        Namespaces.RequireOrIgnore();
        using var parent = CliProcess.Start("", "run", Scenario(inject: "{ \"rate\": 50, \"during\": \"60s\" }", isolated: true), "--out", Path.Combine(_folder, "out"), "--no-live");
        var child = await WaitForChildAsync(parent.Id);

        parent.Kill();
        await parent.WaitForExitAsync();
        var stopped = await Eventually.ValueAsync(() => Alive(child), alive => !alive, TimeSpan.FromSeconds(20));

        Assert.That(stopped, Is.False, $"strategy-child {child} still runs 20 s after its parent was killed");
        Assert.That(Directory.GetFiles(Path.GetTempPath(), $"portload-{parent.Id}-*"), Is.Empty);
    }

    // Regression: under a low soft open-file limit even validate died with a stack trace.
    [Test]
    public async Task LowSoftOpenFileLimit_IsRaisedToTheHardOne()
    {
        var (validateCode, validated) = await CliProcess.RunAsync("ulimit -S -n 64", Limit, "validate", Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "quickstart.json"));
        var (runCode, ran) = await CliProcess.RunAsync("ulimit -S -n 256", Limit,
            "run", Scenario(keepConstant: "{ \"copies\": 200, \"during\": \"2s\" }"), "--out", Path.Combine(_folder, "out"), "--no-live");

        Assert.That(validateCode, Is.EqualTo(ExitCodes.Ok), validated);
        Assert.That(runCode, Is.EqualTo(ExitCodes.Ok), ran);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "out", "summary.json")));
        Assert.That(summary.RootElement.GetProperty("strategies")[0].GetProperty("failures").GetProperty("EMFILE").GetInt64(), Is.Zero, ran);
    }

    // Regression: out of descriptors, the process aborted ("Out of memory.", SIGABRT, exit 134) and wrote nothing.
    [Test]
    public async Task LowHardOpenFileLimit_RunsOutAsEMFILE_NotAsACrash()
    {
        var output = Path.Combine(_folder, "out");

        var (code, printed) = await CliProcess.RunAsync("ulimit -n 256", Limit,
            "run", Scenario(keepConstant: "{ \"copies\": 200, \"during\": \"2s\" }"), "--out", output, "--no-live");

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), printed);
        Assert.That(printed, Does.Contain("warning: this scenario can hold about"));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var result = summary.RootElement.GetProperty("strategies")[0];
        Assert.That(result.GetProperty("failures").GetProperty("EMFILE").GetInt64(), Is.GreaterThan(0), printed);
        Assert.That(result.GetProperty("completed").GetBoolean(), Is.True);
    }

    [Test]
    public async Task ServerDies_MidRun_FailuresAreClassified_AndTheRunEnds()
    {
        var port = Loopback.UnusedEndPoint().Port;
        using var server = CliProcess.Start("", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1m");
        await Eventually.ValueAsync(() => Loopback.Accepts(port), up => up, TimeSpan.FromSeconds(30));
        var output = Path.Combine(_folder, "out");
        var file = Path.Combine(_folder, "external.json");
        File.WriteAllText(file, $$"""
            { "name": "server-dies", "target": { "host": "127.0.0.1", "port": {{port}}, "protocol": "tcp-echo" },
              "load": [ { "inject": { "rate": 100, "during": "4s" } } ],
              "strategies": [ { "name": "pooled", "connections": "pooled", "poolSize": 4 } ] }
            """);

        using var run = CliProcess.Start("", "run", file, "--out", output, "--no-live");
        await Task.Delay(TimeSpan.FromSeconds(2));
        server.Kill();
        var (code, printed) = await CliProcess.FinishAsync(run, Limit);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), printed);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var failures = summary.RootElement.GetProperty("strategies")[0].GetProperty("failures");
        Assert.That(failures.GetProperty("ECONNRESET").GetInt64() + failures.GetProperty("ECONNREFUSED").GetInt64(), Is.GreaterThan(0), printed);
        Assert.That(failures.GetProperty("OTHER").GetInt64(), Is.Zero, "a dead server is not an unexplained failure");
    }

    private string Scenario(string? inject = null, string? keepConstant = null, bool isolated = false)
    {
        var load = inject is not null ? $"{{ \"inject\": {inject} }}" : $"{{ \"keepConstant\": {keepConstant} }}";
        var network = isolated ? "\"network\": { \"namespace\": \"isolated\" }," : "";
        var file = Path.Combine(_folder, $"scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, $$"""
            { "name": "faults", {{network}}
              "target": { "server": "embedded", "protocol": "tcp-echo" },
              "load": [ {{load}} ],
              "strategies": [ { "name": "per-request", "connections": "per-request" } ] }
            """);
        return file;
    }

    private static void Send(string signal, int pid)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}")!;
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -{signal} {pid}");
    }

    private static void RequireRoot(string why)
    {
        if (Environment.UserName != "root")
        {
            Assert.Ignore($"needs root for {why}");
        }
    }

    /// <summary>The segment processes <paramref name="launcher"/> started: its children running "run ... --segment".</summary>
    private static List<int> SegmentsOf(int launcher) =>
        [.. Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == launcher && CommandLine(pid).Contains("--segment", StringComparison.Ordinal))];

    private static async Task<int> WaitForChildAsync(int parent)
    {
        var child = await Eventually.ValueAsync(
            () => Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
                .FirstOrDefault(pid => pid > 0 && ParentOf(pid) == parent && CommandLine(pid).Contains("strategy-child", StringComparison.Ordinal)),
            pid => pid != 0,
            TimeSpan.FromSeconds(30));
        Assert.That(child, Is.Not.Zero, "no strategy-child started");
        return child;
    }

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 4)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
