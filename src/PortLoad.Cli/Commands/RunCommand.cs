using System.CommandLine;
using System.Globalization;
using PortLoad.Cli.Output;
using PortLoad.HostInfo;
using PortLoad.Reports;
using PortLoad.Runs;
using PortLoad.Scenarios;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload run SCENARIO</c>: runs every strategy against the target and writes the results folder.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file, e.g. scenarios/quickstart.json" };
        var output = new Option<string?>("--out") { Description = "Results folder (default: results/<scenario>-<UTC time>)" };
        var noLive = new Option<bool>("--no-live") { Description = "Plain progress lines instead of a live view" };
        var junit = ResultsOutput.JUnitOption();
        var parallel = new Option<bool>("--parallel") { Description = "Run the strategies at the same time, each in its own namespace (isolated scenarios only)" };
        var web = new Option<bool>("--web") { Description = "Serve a live dashboard for a projector on 127.0.0.1 (see --web-port)" };
        var webPort = new Option<int>("--web-port") { Description = "The dashboard's port", DefaultValueFactory = _ => 5080 };
        var webLinger = new Option<string>("--web-linger") { Description = "How long the dashboard stays up after the run (Ctrl+C ends it sooner)", DefaultValueFactory = _ => "10m" };
        var segment = new Option<string?>("--segment") { Description = "Run only the i-th of N equal shares of the load (i from 0), e.g. 0/3; merge the N results with 'portload merge'" };
        var startAt = new Option<string?>("--start-at") { Description = "Begin the load at this UTC time (ISO 8601, e.g. 2026-12-02T10:00:00Z, or Unix seconds), so segments start together" };
        var segments = new Option<int?>("--segments") { Description = "Split the load over N processes here, each run as --segment i/N, and merge them; an isolated scenario's share one namespace and server port" };
        var inNamespace = new Option<bool>(InNamespaceOption) { Hidden = true };
        var command = new Command("run", "Run a scenario's load with each strategy and write summary.json and timeseries.csv")
        {
            file, output, noLive, junit, parallel, web, webPort, webLinger, segment, startAt, segments, inNamespace,
        };
        command.SetAction((parse, token) => RunAsync(
            parse.GetValue(file)!, parse.GetValue(output), parse.GetValue(noLive), parse.GetValue(junit), parse.GetValue(parallel),
            parse.GetValue(web) ? (parse.GetValue(webPort), parse.GetValue(webLinger)!) : null,
            new Split(parse.GetValue(segment), parse.GetValue(startAt), parse.GetValue(segments), parse.GetValue(inNamespace)), token));
        return command;
    }

    /// <summary>Internal: a segment that runs in a namespace <see cref="SegmentsLauncher"/> prepared and other segments share.</summary>
    public const string InNamespaceOption = "--in-namespace";

    /// <summary>--segment, --start-at, --segments and --in-namespace as given.</summary>
    private sealed record Split(string? Segment, string? StartAt, int? Segments, bool InNamespace);

    private static async Task<int> RunAsync(string file, string? output, bool noLive, string? junit, bool parallel, (int Port, string Linger)? web, Split split, CancellationToken token)
    {
        if (!ResultsOutput.JUnitPathOk(junit) || ScenarioLoading.Load(file, Console.Error) is not var (settings, scenario))
        {
            return ExitCodes.InvalidInput;
        }

        string? segmentError = null;
        var segment = split.Segment is null ? Segment.Whole : Segment.Parse(split.Segment, out segmentError);
        if (segment is null)
        {
            Console.Error.WriteLine(segmentError);
            return ExitCodes.InvalidInput;
        }

        DateTimeOffset? startAt = null;
        if (split.StartAt is { } at)
        {
            if (StartTime.Parse(at) is not { } time)
            {
                Console.Error.WriteLine($"--start-at takes a UTC time, ISO 8601 (2026-12-02T10:00:00Z) or Unix seconds (got \"{at}\")");
                return ExitCodes.InvalidInput;
            }

            startAt = time;
        }

        if (split.Segments is { } n && (n is < 1 or > 1000 || split.Segment is not null || web is not null || parallel))
        {
            Console.Error.WriteLine($"--segments takes 1 to 1000 processes (got {n.ToString(CultureInfo.InvariantCulture)}), and goes with neither --segment, --web nor --parallel");
            return ExitCodes.InvalidInput;
        }

        scenario = segment.Of(scenario);
        if (split.InNamespace)
        {
            // The namespace is this one, prepared by the launcher: run here, with the server's port shared.
            scenario = scenario with { Network = scenario.Network with { Isolated = false } };
        }

        var linger = TimeSpan.Zero;
        if (web is { } w && (w.Port is < 1 or > 65535 || !Duration.TryParse(w.Linger, out linger) || linger > TimeSpan.FromDays(1)))
        {
            Console.Error.WriteLine($"--web-port takes 1 to 65535 and --web-linger a duration up to 1 day, e.g. 10m (got {w.Port.ToString(CultureInfo.InvariantCulture)}, \"{w.Linger}\")");
            return ExitCodes.InvalidInput;
        }

        if (parallel && !scenario.Network.Isolated)
        {
            Console.Error.WriteLine($"--parallel: {file} runs in this machine's namespace; strategies at the same time would share its ports and count each other's sockets. Give the scenario \"network\": {{ \"namespace\": \"isolated\" }}.");
            return ExitCodes.InvalidInput;
        }

        scenario = parallel ? scenario with { Parallel = true } : scenario;

        if (!scenario.Network.Isolated && SourceAddressCheck.Problem(scenario.SourceAddresses) is { } notLocal)
        {
            Console.Error.WriteLine($"{file}: {notLocal}");
            return ExitCodes.InvalidInput;
        }

        using var folder = ResultsOutput.Reserve(output, settings.ResultsDirectory, segment.IsWhole ? scenario.Name : Invariant.Format($"{scenario.Name}-segment-{segment.Index}of{segment.Count}"));
        if (folder is null)
        {
            return ExitCodes.InvalidInput;
        }

        var console = Consoles.Create();
        if (split.Segments is { } count)
        {
            using var launcherSignals = new StopSignals(token);
            return await SegmentsLauncher.RunAsync(file, scenario, count, folder, console, launcherSignals);
        }

        var host = HostFactsReader.Read();
        RunHeader.Write(console, scenario, host);
        if (DescriptorBudget.Warning(scenario, settings.MaxInFlight, host.OpenFileLimit) is { } warning)
        {
            console.MarkupLineInterpolated($"[yellow]warning: {warning}[/]");
        }

        using var signals = new StopSignals(token);
        var runner = split.InNamespace ? ScenarioRunners.InSharedNamespace(settings, host) : ScenarioRunners.Create(settings);
        var progress = new RunProgress(console, scenario, host, live: !noLive && !Console.IsOutputRedirected);
        runner.Started += progress.Follow;
        WebDashboard? dashboard;
        try
        {
            dashboard = web is { } page ? await WebDashboard.StartAsync(scenario, host, page.Port) : null;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }

        await using var dashboardScope = dashboard;
        if (dashboard is not null)
        {
            runner.Started += dashboard.Follow;
            console.MarkupLineInterpolated($"live dashboard: [bold]{dashboard.Url}[/]");
        }

        if (startAt is { } begin && !await StartTime.WaitAsync(console, TimeProvider.System, begin, signals.Token))
        {
            return signals.ExitCode;
        }

        var run = await runner.RunAsync(scenario, host, signals.Token);
        run = segment.IsWhole ? run : run with { Summary = run.Summary with { Segment = segment } };
        await progress.StopAsync();

        ComparisonTable.Write(console, run.Summary);
        var written = ResultsOutput.Write(console, folder, ResultExporters.Writer, run, signals);
        if (dashboard is not null)
        {
            dashboard.Finish(written ? folder.Path : null);
            if (!signals.Token.IsCancellationRequested && linger > TimeSpan.Zero)
            {
                console.MarkupLineInterpolated($"the dashboard stays at {dashboard.Url} for {Duration.Format(linger)}; Ctrl+C ends it");
                await Task.Delay(linger, signals.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        if (run.Summary.Error is { } error)
        {
            console.MarkupLineInterpolated($"[red]{error}[/]");
            return ExitCodes.Failed;
        }

        written &= ResultsOutput.WriteJUnit(junit, run.Summary);
        return !run.Summary.Completed ? signals.ExitCode : ResultsOutput.Verdict(run.Summary, written);
    }
}
