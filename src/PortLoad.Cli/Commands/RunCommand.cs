using System.CommandLine;
using PortLoad.Cli.Output;
using PortLoad.HostInfo;
using PortLoad.Isolation;
using PortLoad.Load;
using PortLoad.Recording;
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
        var webPort = CliOptions.Port("--web-port", "The dashboard's port", 5080);
        var webLinger = CliOptions.Duration("--web-linger", "How long the dashboard (and --prometheus) stays up after the run (Ctrl+C ends it sooner)", TimeSpan.FromMinutes(10), TimeSpan.FromDays(1));
        var segment = CliOptions.Segment("Run only the i-th of N equal shares of the load (i from 0), e.g. 0/3; merge the N results with 'portload merge'");
        var startAt = CliOptions.StartAt("Begin the load at this UTC time (ISO 8601, e.g. 2026-12-02T10:00:00Z, or Unix seconds; at most a day ahead), so segments start together");
        var segments = CliOptions.Between(new Option<int?>("--segments") { Description = "Split the load over N processes here (1-1000), each run as --segment i/N, and merge them; an isolated scenario's share one namespace and server port" }, 1, 1000);
        var prometheus = CliOptions.Endpoint("--prometheus", "Serve the run's figures for Prometheus at http://HOST:PORT/metrics while it runs, e.g. 127.0.0.1:9465");
        var otlp = CliOptions.Checked(new Option<string?>("--otlp") { Description = "Push the run's figures to an OpenTelemetry receiver over OTLP/HTTP, e.g. http://127.0.0.1:4318" }, MetricsPush.Problem);
        var inNamespace = new Option<bool>(SegmentProcesses.InNamespaceOption) { Hidden = true };
        var stopWithParent = new Option<bool>(SegmentProcesses.StopWithParentOption) { Hidden = true };
        var command = new Command("run", "Run a scenario's load with each strategy and write summary.json and timeseries.csv")
        {
            file, output, noLive, junit, parallel, web, webPort, webLinger, segment, startAt, segments, prometheus, otlp, inNamespace, stopWithParent,
        };
        CliOptions.Excludes(segments, "--segments goes with none of --segment, --web, --parallel, --prometheus and --otlp", segment, web, parallel, prometheus, otlp);
        command.SetAction((parse, token) => RunAsync(
            new RunRequest(parse.GetValue(file)!, parse.GetValue(output), parse.GetValue(junit))
            {
                Live = !parse.GetValue(noLive),
                Parallel = parse.GetValue(parallel),
                Web = parse.GetValue(web) ? (parse.GetValue(webPort), parse.GetValue(webLinger)) : null,
                Segment = parse.GetValue(segment) ?? Segment.Whole,
                StartAt = parse.GetValue(startAt),
                Segments = parse.GetValue(segments),
                Prometheus = parse.GetValue(prometheus),
                Otlp = parse.GetValue(otlp) is { } url ? new Uri(url) : null,
                InNamespace = parse.GetValue(inNamespace),
                StopWithParent = parse.GetValue(stopWithParent),
            },
            token));
        return command;
    }

    /// <summary>The command line, parsed and checked by the parser: every value here is one <c>run</c> accepts.</summary>
    private sealed record RunRequest(string File, string? Output, string? JUnit)
    {
        public bool Live { get; init; }

        public bool Parallel { get; init; }

        public (int Port, TimeSpan Linger)? Web { get; init; }

        public Segment Segment { get; init; } = Segment.Whole;

        public DateTimeOffset? StartAt { get; init; }

        public int? Segments { get; init; }

        public (string Host, int Port)? Prometheus { get; init; }

        public Uri? Otlp { get; init; }

        public bool InNamespace { get; init; }

        public bool StopWithParent { get; init; }

        /// <summary>The command line's changes to the scenario, made before it is validated.</summary>
        public Scenario Adjust(Scenario scenario) => Segment.Of(Parallel ? scenario with { Parallel = true } : scenario);
    }

    private static async Task<int> RunAsync(RunRequest request, CancellationToken token)
    {
        if (!ResultsOutput.JUnitPathOk(request.JUnit) || ScenarioLoading.Load(request.File, Console.Error, adjust: request.Adjust) is not var (settings, scenario))
        {
            return ExitCodes.InvalidInput;
        }

        var segment = request.Segment;
        if (request.InNamespace)
        {
            // Placement, not a change to the scenario (so after validation): the namespace is this one, prepared by the
            // launcher, and the segment runs here with the server's port shared.
            scenario = scenario with { Network = scenario.Network with { Isolated = false } };
        }

        if (scenario.Network.Routed && RoutedNetwork.Problem() is { } needsRoot)
        {
            Console.Error.WriteLine($"{request.File}: {needsRoot}");
            return ExitCodes.InvalidInput;
        }

        if (!scenario.Network.Isolated && SourceAddressCheck.Problem(scenario.SourceAddresses) is { } notLocal)
        {
            Console.Error.WriteLine($"{request.File}: {notLocal}");
            return ExitCodes.InvalidInput;
        }

        // Before the folder and any load: a port in use or an address not this host's is bad input.
        MetricsEndpoint? metrics;
        try
        {
            metrics = request.Prometheus is { } endpoint ? await MetricsEndpoint.StartAsync(endpoint.Host, endpoint.Port) : null;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"--prometheus {request.Prometheus!.Value.Host}:{request.Prometheus.Value.Port}: cannot listen there ({e.Message})");
            return ExitCodes.InvalidInput;
        }

        await using var metricsScope = metrics;
        using var push = request.Otlp is { } receiver ? new MetricsPush(receiver) : null;
        using var folder = ResultsOutput.Reserve(request.Output, settings.ResultsDirectory, segment.IsWhole ? scenario.Name : Invariant.Format($"{scenario.Name}-segment-{segment.Index}of{segment.Count}"));
        if (folder is null)
        {
            return ExitCodes.InvalidInput;
        }

        var console = Consoles.Create();
        if (request.Segments is { } count)
        {
            using var launcherSignals = new StopSignals(token);
            return await SegmentsLauncher.RunAsync(request.File, scenario, count, folder, console, launcherSignals);
        }

        var host = HostFactsReader.Read();
        RunHeader.Write(console, scenario, host);
        if (DescriptorBudget.Warning(scenario, settings.MaxInFlight, host.OpenFileLimit) is { } warning)
        {
            console.MarkupLineInterpolated($"[yellow]warning: {warning}[/]");
        }

        // A segment whose launcher dies stops as if told to: its load ends and what it measured is written.
        using var orphaned = new CancellationTokenSource();
        if (request.StopWithParent)
        {
            ParentPipe.StopWhenClosed(Console.In, orphaned);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token, orphaned.Token);
        using var signals = new StopSignals(stop.Token);
        var runner = request.InNamespace ? ScenarioRunners.InSharedNamespace(settings, host) : ScenarioRunners.Create(settings);
        var progress = new RunProgress(console, scenario, host, live: request.Live && !Console.IsOutputRedirected);
        runner.Started += progress.Follow;
        runner.Ended += progress.End;
        // Always: dotnet-counters shows it with nothing asked for, and its instruments cost nothing unless collected.
        using var meter = new RunMeter(segment);
        var timeline = new LoadTimeline(scenario.Load);
        runner.Started += (strategy, figures) => meter.Follow(strategy.Name, figures, SettingsInForce.For(scenario, strategy, host).PortSpace, timeline);
        WebDashboard? dashboard;
        try
        {
            dashboard = request.Web is { } page ? await WebDashboard.StartAsync(scenario, host, page.Port) : null;
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
            runner.Ended += dashboard.End;
            console.MarkupLineInterpolated($"live dashboard: [bold]{dashboard.Url}[/]");
        }

        if (request.StartAt is { } begin && !await StartTime.WaitAsync(console, TimeProvider.System, begin, signals.Token))
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
            if (!signals.Token.IsCancellationRequested && request.Web?.Linger is { } linger && linger > TimeSpan.Zero)
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

        written &= ResultsOutput.WriteJUnit(request.JUnit, run.Summary);
        return !run.Summary.Completed ? signals.ExitCode : ResultsOutput.Verdict(run.Summary, written);
    }
}
