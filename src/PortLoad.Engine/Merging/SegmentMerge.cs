using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Merging;

/// <summary>
/// Adds up the results of one scenario run as segments (<c>--segment i/N</c>, in several processes or on several
/// machines) into one run: counts and rates summed, time series aligned by interval and summed, latency histograms
/// merged exactly (from each segment's .hlog, not by averaging percentiles), TIME_WAIT and port space kept per
/// segment and summed, since every segment had ports of its own.
/// </summary>
public static class SegmentMerge
{
    /// <summary>The merge; a <see cref="MergeException"/> when the runs are not segments of one scenario run.</summary>
    /// <param name="segments">Each results folder's name (for messages) and its run.</param>
    /// <param name="partial">Merge the segments given even when some of the split are missing: the summary then says
    /// so, and its figures are those segments' share of the load; without it, a missing segment is refused.</param>
    public static ScenarioRun Merge(IReadOnlyList<(string Folder, ScenarioRun Run)> segments, bool partial = false)
    {
        var missing = Check(segments, partial);
        var runs = segments.Select(s => s.Run).ToList();
        var first = runs[0].Summary;
        var interval = first.SamplingIntervalSeconds;
        var names = first.Strategies.Select(s => s.Name).ToList();
        var logs = new Dictionary<string, string>(StringComparer.Ordinal);
        var hgrm = new Dictionary<string, string>(StringComparer.Ordinal);
        var strategies = new List<StrategyResult>();
        var rows = new List<TimeSeriesRow>();
        foreach (var name in names)
        {
            var merged = Merge(runs.Select(r => (r.Summary.Segment?.ToString() ?? "?", new StrategyRun(r.Summary.Strategies.Single(s => s.Name == name), [.. r.Rows.Where(x => x.Strategy == name)]) { LatencyLog = r.LatencyLog.GetValueOrDefault(name) })).ToList(), interval);
            strategies.Add(merged.Result);
            rows.AddRange(merged.Rows);
            if (merged.LatencyLog is { } log)
            {
                logs[name] = log;
                hgrm[name] = merged.LatencyHgrm!;
            }
        }

        var summary = first with
        {
            Segment = null,
            MergedSegments = runs.Count,
            Completed = missing.Count == 0 && runs.All(r => r.Summary.Completed),
            Error = runs.Select(r => r.Summary.Error).FirstOrDefault(e => e is not null),
            StartedAt = runs.Min(r => r.Summary.StartedAt),
            Strategies = strategies,
            Thresholds = [],
            Findings =
            [
                .. missing.Count == 0 ? [] : (string[])[Invariant.Format($"A partial merge: {runs.Count} of {runs.Count + missing.Count} segments; {string.Join(", ", missing)} missing, so every figure here is only the given segments' share of the load.")],
                $"Merged from {runs.Count} segments ({string.Join(", ", segments.Select(s => s.Folder))}): requests, failures and rates are summed and latency percentiles come from the segments' histograms added exactly. " + (runs.All(r => r.Summary.Strategies.All(x => x.Host.Namespace == NamespaceKind.IsolatedShared))
                    ? "The segments shared one namespace, so one port space; each counted only the sockets it opened, and TIME_WAIT is summed."
                    : "Each segment had a port space of its own (its own machine or namespace), so TIME_WAIT and the port space are summed here and listed per segment.") + " A per-interval p99 is the highest of the segments'.",
                .. strategies.Where(x => x.Held is not null).Select(x => x.Held!.Describe(x.Name)),
                .. runs.SelectMany(r => r.Summary.Findings.Except(HeldFindings(r.Summary)).Select(f => $"segment {r.Summary.Segment}: {f}")),
            ],
        };
        return new ScenarioRun(summary, rows) { LatencyLog = logs, LatencyHgrm = hgrm };
    }

    /// <summary>
    /// One strategy's runs added up (segments of a split run, or instances of one app behind a router), each listed
    /// under its <c>Label</c> in the result's <see cref="StrategyResult.Segments"/>.
    /// </summary>
    /// <param name="interval">The sampling interval, in seconds, on which the rows line up.</param>
    public static StrategyRun Merge(IReadOnlyList<(string Label, StrategyRun Run)> parts, double interval)
    {
        var rows = MergeRows([.. parts.Select(p => p.Run.Rows.ToList())], interval);
        var latency = LatencyHistogram.FromLogs(parts.Select(p => p.Run.LatencyLog).OfType<string>());
        var result = MergeStrategy([.. parts.Select(p => p.Run.Result)], [.. parts.Select(p => p.Label)], rows, latency);
        return new StrategyRun(result, rows) { LatencyLog = latency?.ToLog(), LatencyHgrm = latency?.ToHgrm() };
    }

    /// <summary>A segment's share of held connections, said once for the whole run instead.</summary>
    private static IEnumerable<string> HeldFindings(RunSummary s) => s.Strategies.Where(x => x.Held is not null).Select(x => x.Held!.Describe(x.Name));

    /// <returns>The segments of the split that are not among <paramref name="segments"/> ("1/3"), empty when none is.</returns>
    private static List<string> Check(IReadOnlyList<(string Folder, ScenarioRun Run)> segments, bool partial)
    {
        if (segments.Count == 0)
        {
            throw new MergeException("nothing to merge: give the results folders of a run's segments");
        }

        var first = segments[0];
        foreach (var (folder, run) in segments)
        {
            var s = run.Summary;
            if (s.Scenario != first.Run.Summary.Scenario || s.Mode != first.Run.Summary.Mode)
            {
                throw new MergeException($"{folder} is a {Names.Modes[s.Mode]} run of \"{s.Scenario}\", {first.Folder} a {Names.Modes[first.Run.Summary.Mode]} run of \"{first.Run.Summary.Scenario}\": segments of one run only");
            }

            if (!s.Strategies.Select(x => x.Name).SequenceEqual(first.Run.Summary.Strategies.Select(x => x.Name)))
            {
                throw new MergeException($"{folder} has strategies {string.Join(", ", s.Strategies.Select(x => x.Name))}, {first.Folder} {string.Join(", ", first.Run.Summary.Strategies.Select(x => x.Name))}: segments of one run have the same");
            }

            if (Math.Abs(s.SamplingIntervalSeconds - first.Run.Summary.SamplingIntervalSeconds) > 1e-9)
            {
                throw new MergeException($"{folder} sampled every {s.SamplingIntervalSeconds} s, {first.Folder} every {first.Run.Summary.SamplingIntervalSeconds} s: their time series do not line up");
            }
        }

        var labels = segments.Select(x => x.Run.Summary.Segment).ToList();
        if (labels.Any(l => l is null))
        {
            throw new MergeException($"{segments.First(x => x.Run.Summary.Segment is null).Folder} is not a segment (run with --segment i/N)");
        }

        var counts = labels.Select(l => l!.Count).Distinct().ToList();
        if (counts.Count > 1)
        {
            throw new MergeException($"the folders are segments of different splits ({string.Join(", ", labels)}): give the N segments of one --segment i/N run");
        }

        var duplicate = labels.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MergeException($"segment {duplicate.Key} is given twice");
        }

        CheckLatencyLogs(segments);
        var count = counts[0];
        var missing = Enumerable.Range(0, count).Except(labels.Select(l => l!.Index)).Select(i => new Segment(i, count).ToString()).ToList();
        if (missing.Count > 0 && !partial)
        {
            throw new MergeException($"segment{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} of the split {(missing.Count == 1 ? "is" : "are")} missing: give all {count} segments of the run, or --partial to merge these alone (the results then say so)");
        }

        return missing;
    }

    /// <summary>
    /// Every segment's latency histograms can be read, and each strategy has one from every segment or from none (results
    /// from before .hlog): percentiles from some segments only would be presented as the whole run's.
    /// </summary>
    private static void CheckLatencyLogs(IReadOnlyList<(string Folder, ScenarioRun Run)> segments)
    {
        foreach (var name in segments[0].Run.Summary.Strategies.Select(s => s.Name))
        {
            var file = name + LatencyLogExporter.Suffix;
            var with = segments.Where(s => s.Run.LatencyLog.ContainsKey(name)).ToList();
            if (with.Count > 0 && segments.FirstOrDefault(s => !s.Run.LatencyLog.ContainsKey(name)) is { Folder: { } without })
            {
                throw new MergeException($"{without}: no {file}, which {with[0].Folder} has: its latencies cannot be added to the others'");
            }

            foreach (var (folder, run) in with)
            {
                if (LatencyHistogram.LogProblem(run.LatencyLog[name]) is { } problem)
                {
                    throw new MergeException($"{Path.Combine(folder, file)}: {problem}");
                }
            }
        }
    }

    /// <param name="latency">The segments' histograms added up; null when none wrote one (results from before .hlog): the
    /// percentiles are then unknown, not averaged.</param>
    private static StrategyResult MergeStrategy(List<StrategyResult> parts, List<string> labels, List<TimeSeriesRow> rows, LatencyHistogram? latency)
    {
        static double Round(double v) => Math.Round(v, 3);
        double? Ms(TimeSpan? t) => t is { } v ? Round(v.TotalMilliseconds) : null;
        var first = parts.Where(p => p.FirstFailureSeconds is not null).MinBy(p => p.FirstFailureSeconds);
        var shared = parts.All(p => p.Host.Namespace == NamespaceKind.IsolatedShared);
        // Field by field, never "parts[0] with": a field added later must be merged here, or it is left unset (a test fails).
        return new StrategyResult
        {
            // What the segments share, being one strategy of one scenario.
            Name = parts[0].Name,
            Connections = parts[0].Connections,
            CloseBy = parts[0].CloseBy,
            PoolSize = parts[0].PoolSize,
            Host = parts[0].Host,
            SourceAddresses = parts[0].SourceAddresses,
            Completed = parts.All(p => p.Completed),
            // Segments in one namespace share its ports; on their own machines (or namespaces) each brings its own.
            PortSpace = shared ? parts[0].PortSpace : parts.Sum(p => p.PortSpace),
            DurationSeconds = parts.Max(p => p.DurationSeconds),
            Requests = new RequestCounts(parts.Sum(p => p.Requests.Attempted), parts.Sum(p => p.Requests.Succeeded), parts.Sum(p => p.Requests.Failed)),
            Failures = parts[0].Failures.Keys.ToDictionary(k => k, k => parts.Sum(p => p.Failures.GetValueOrDefault(k))),
            FirstFailureSeconds = first?.FirstFailureSeconds,
            FirstFailureKind = first?.FirstFailureKind,
            ConnectionsOpened = parts.Sum(p => p.ConnectionsOpened),
            TimeWait = new TimeWaitFigures(
                Math.Max(rows.Select(r => r.TimeWait ?? 0).DefaultIfEmpty(0).Max(), parts.Max(p => p.TimeWait.Peak)),
                parts.Sum(p => p.TimeWait.Final),
                parts.Sum(p => p.TimeWait.Others)),
            EstablishedPeak = Math.Max(rows.Select(r => r.Established ?? 0).DefaultIfEmpty(0).Max(), parts.Max(p => p.EstablishedPeak)),
            Throughput = new ThroughputFigures(Round(parts.Sum(p => p.Throughput.OfferedPerSecond)), Round(parts.Sum(p => p.Throughput.AchievedPerSecond))),
            LatencyMs = latency is null
                ? new LatencyFigures(null, null, null, parts.Max(p => p.LatencyMs.Max))
                : new LatencyFigures(Ms(latency.Percentile(50)), Ms(latency.Percentile(90)), Ms(latency.Percentile(99)), latency.Count == 0 ? null : Ms(latency.Max)),
            WarmUp = parts.All(p => p.WarmUp is not null)
                ? new WarmUpFigures(parts.Sum(p => p.WarmUp!.Requests), parts.Sum(p => p.WarmUp!.Failed), parts[0].WarmUp!.SameDestination)
                : null,
            Resilience = parts.All(p => p.Resilience is not null) ? SumResilience(parts.Select(p => p.Resilience!).ToList()) : null,
            Held = parts.All(p => p.Held is not null) ? SumHeld(parts.Select(p => p.Held!).ToList(), shared) : null,
            Segments = parts.Select((p, i) => new SegmentFigures(labels[i], p.Requests.Attempted, p.Requests.Failed, p.PortSpace, p.TimeWait.Peak, p.EstablishedPeak)).ToList(),
            // Worked out for one process's share: none holds for the sum.
            Analysis = null,
            Predicted = null,
            Calibration = null,
        };
    }

    private static ResilienceFigures SumResilience(List<ResilienceFigures> r) => new(
        r.Sum(x => x.Attempts), r.Sum(x => x.Retries), r.Sum(x => x.SucceededAfterRetry), r.Sum(x => x.RetriesExhausted),
        r.Sum(x => x.BackoffSeconds), r.Sum(x => x.BreakerOpenings), r.Sum(x => x.ShortCircuited));

    /// <summary>Held connections add up when the segments held theirs at the same time (a common --start-at).</summary>
    /// <param name="shared">The segments shared one namespace, so one set of source addresses; apart, each brought its own.</param>
    private static HeldConnections SumHeld(List<HeldConnections> h, bool shared) => new(
        Asked: h.Sum(x => x.Asked),
        PeakHeld: h.Sum(x => x.PeakHeld),
        Destination: h[0].Destination,
        PerAddressCeiling: h[0].PerAddressCeiling,
        SourceAddresses: shared ? h.Max(x => x.SourceAddresses) : h.Sum(x => x.SourceAddresses),
        OpenSeconds: h.Max(x => x.OpenSeconds),
        ProcessBytesPerConnection: PerConnection(h, x => x.ProcessBytesPerConnection, shared: false),
        KernelBytesPerConnection: PerConnection(h, x => x.KernelBytesPerConnection, h.All(x => x.SharedKernel)))
    {
        SharedKernel = h.All(x => x.SharedKernel),
        // Each process's own limits and backlog; the segments were started alike.
        OpenFiles = h[0].OpenFiles,
        Somaxconn = h[0].Somaxconn,
        Backlog = h[0].Backlog,
        KernelSlabBytesPerConnection = PerConnection(h, x => x.KernelSlabBytesPerConnection, h.All(x => x.SharedKernel)),
        Server = h.All(x => x.Server is not null)
            ? new ServerCensus(h.Sum(x => x.Server!.Accepted), h.Sum(x => x.Server!.PeakOpen), h.Sum(x => x.Server!.DistinctClients), h.Max(x => x.Server!.SourceAddresses))
            : null,
    };

    /// <summary>
    /// Memory per connection over every segment: each segment's growth over what it held, weighted by what it held; when
    /// the segments shared one kernel, each saw the growth of them all, so the sum is divided by all the connections.
    /// </summary>
    private static double? PerConnection(List<HeldConnections> h, Func<HeldConnections, double?> figure, bool shared)
    {
        var known = h.Where(x => figure(x) is not null && x.PeakHeld > 0).ToList();
        if (known.Count == 0)
        {
            return null;
        }

        var held = known.Sum(x => (double)x.PeakHeld);
        var weighted = known.Sum(x => figure(x)!.Value * x.PeakHeld) / held;
        return shared ? weighted * known.Average(x => (double)x.PeakHeld) / held : weighted;
    }

    /// <summary>The segments' rows added interval by interval (interval k ends at (k+1) x the sampling interval).</summary>
    private static List<TimeSeriesRow> MergeRows(List<List<TimeSeriesRow>> segments, double interval)
    {
        static long? Sum(IEnumerable<long?> values) => values.Any(v => v is not null) ? values.Sum(v => v ?? 0) : null;
        static double? Max(IEnumerable<double?> values) => values.Max();
        return segments.SelectMany(rows => rows)
            .GroupBy(r => (long)Math.Ceiling((r.T / interval) - 1e-6))
            .OrderBy(g => g.Key)
            .Select(g => new TimeSeriesRow
            {
                Strategy = g.First().Strategy,
                T = g.Max(r => r.T),
                Offered = g.Sum(r => r.Offered),
                Attempted = g.Sum(r => r.Attempted),
                Succeeded = g.Sum(r => r.Succeeded),
                Failed = g.Sum(r => r.Failed),
                Failures = g.First().Failures.Keys.ToDictionary(k => k, k => g.Sum(r => r.Failures.GetValueOrDefault(k))),
                TimeWait = Sum(g.Select(r => r.TimeWait)),
                Established = Sum(g.Select(r => r.Established)),
                TimeWaitAllDestinations = Sum(g.Select(r => r.TimeWaitAllDestinations)),
                TimeWaitOthers = Sum(g.Select(r => r.TimeWaitOthers)),
                P50Ms = Max(g.Select(r => r.P50Ms)),
                P90Ms = Max(g.Select(r => r.P90Ms)),
                P99Ms = Max(g.Select(r => r.P99Ms)),
                Retries = g.Sum(r => r.Retries),
            })
            .ToList();
    }
}

/// <summary>Results folders that cannot be merged, and why.</summary>
public sealed class MergeException(string message) : Exception(message);
