using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Resilience;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>Turns what a <see cref="RunRecorder"/> collected into summary.json figures and time-series rows.</summary>
public static class StrategySummarizer
{
    /// <param name="host">What was read where the strategy ran (or what the simulator modelled).</param>
    /// <param name="inForce">The settings the strategy ran with, from which its port space follows.</param>
    public static StrategyResult Summarize(StrategyOptions strategy, RunRecorder recorder, LoadTimeline timeline, long connectionsOpened, TimeSpan elapsed, bool completed, HostFacts host, SettingsInForce inForce)
    {
        var samples = recorder.Samples;
        var loadSeconds = Math.Max(1e-9, Math.Min(elapsed.TotalSeconds, timeline.Duration.TotalSeconds));
        var scheduled = timeline.ScheduledBetween(TimeSpan.Zero, TimeSpan.FromSeconds(loadSeconds));
        var offered = scheduled > 0 ? scheduled : recorder.Attempted;

        return new StrategyResult
        {
            Name = strategy.Name,
            Connections = strategy.Connections,
            CloseBy = strategy.Pooled ? null : strategy.CloseByOrDefault,
            PoolSize = strategy.Pooled ? strategy.PoolSizeOrDefault : null,
            Completed = completed,
            Host = host,
            SourceAddresses = inForce.SourceAddresses,
            PortSpace = inForce.PortSpace,
            DurationSeconds = Round(elapsed.TotalSeconds),
            Requests = new RequestCounts(recorder.Attempted, recorder.Succeeded, recorder.Failed),
            Failures = FailureKinds.All.ToDictionary(k => k, recorder.Failures),
            FirstFailureSeconds = recorder.FirstFailureSeconds is { } first ? Round(first) : null,
            FirstFailureKind = recorder.FirstFailureKind,
            ConnectionsOpened = connectionsOpened,
            TimeWait = new TimeWaitFigures(
                samples.Count == 0 ? 0 : samples.Max(s => s.Counts.TimeWait),
                samples.Count == 0 ? 0 : samples[^1].Counts.TimeWait,
                samples.Count == 0 ? 0 : samples.Max(s => s.Counts.TimeWaitOthers)),
            EstablishedPeak = samples.Count == 0 ? 0 : samples.Max(s => s.Counts.Established),
            Throughput = new ThroughputFigures(Round(offered / loadSeconds), Round(recorder.Succeeded / loadSeconds)),
            LatencyMs = new LatencyFigures(
                Ms(recorder.Latency.Percentile(50)),
                Ms(recorder.Latency.Percentile(90)),
                Ms(recorder.Latency.Percentile(99)),
                recorder.Latency.Count == 0 ? null : Ms(recorder.Latency.Max)),
            Resilience = strategy.Resilience is null ? null : Figures(recorder.Resilience),
        };
    }

    public static IReadOnlyList<TimeSeriesRow> Rows(string strategy, RunRecorder recorder, LoadTimeline timeline, TimeSpan elapsed)
    {
        var samples = recorder.Samples;
        var rows = new List<TimeSeriesRow>();
        var count = recorder.IntervalCount(elapsed);
        var s = 0;
        SocketSample? last = null;
        for (var i = 0; i < count; i++)
        {
            var from = recorder.Interval * i;
            var to = recorder.Interval * (i + 1);
            while (s < samples.Count && samples[s].At <= to)
            {
                last = samples[s++];
            }

            var counters = recorder.IntervalAt(i);
            var scheduled = timeline.ScheduledBetween(from, to);
            var histogram = counters.LatencyOrNull;
            rows.Add(new TimeSeriesRow
            {
                Strategy = strategy,
                T = Round(Math.Min(to.TotalSeconds, elapsed.TotalSeconds)),
                Offered = timeline.OfferedRateAt(from) is null ? counters.Attempted : scheduled,
                Attempted = counters.Attempted,
                Succeeded = counters.Succeeded,
                Failed = FailureKinds.All.Sum(counters.FailureCount),
                Failures = FailureKinds.All.ToDictionary(k => k, counters.FailureCount),
                TimeWait = last?.Counts.TimeWait,
                Established = last?.Counts.Established,
                TimeWaitAllDestinations = last?.Counts.TimeWaitAllDestinations,
                TimeWaitOthers = last?.Counts.TimeWaitOthers,
                P50Ms = Ms(histogram?.Percentile(50)),
                P90Ms = Ms(histogram?.Percentile(90)),
                P99Ms = Ms(histogram?.Percentile(99)),
                Retries = counters.Retries,
            });
        }

        return rows;
    }

    /// <summary>
    /// What a run measured of its own costs, for the simulator: the per-probe cost (<see cref="Calibrate"/>) and, from a
    /// closed model, the time per failed attempt and per connection; null where no connect() failed for want of a port.
    /// </summary>
    public static Calibration? CalibrateRun(Scenario scenario, StrategyResult result, IReadOnlyList<TimeSeriesRow> rows, RunRecorder recorder, IReadOnlyList<long> exhaustedCpuNanoseconds, PortRange range) =>
        Calibrate(exhaustedCpuNanoseconds, range) is { } probe
            ? probe with
            {
                FailedAttemptMicroseconds = FailedAttemptMicroseconds(scenario.Load, result, rows),
                LoopConnectMicroseconds = scenario.Target.Embedded ? LoopConnectMicroseconds(scenario.Load, recorder, probe.PerProbeNanoseconds, range.Size) : null,
            }
            : null;

    /// <summary>
    /// The per-probe cost from failing connects, which each probe every port of the range; null without
    /// any. The cheapest sample, because threads failing at once contend for the kernel's bucket locks and
    /// spinning on those counts as CPU time that a lone connect() (the usual case) does not spend; samples
    /// under a quarter of the median are left out, as a failure that did not scan the range.
    /// </summary>
    public static Calibration? Calibrate(IReadOnlyList<long> exhaustedCpuNanoseconds, PortRange range)
    {
        if (exhaustedCpuNanoseconds.Count == 0)
        {
            return null;
        }

        var sorted = exhaustedCpuNanoseconds.Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var cheapest = sorted.First(ns => ns * 4 >= median) / 1000.0;
        var probes = 2 * ((range.Size + 1) / 2);
        return new Calibration(sorted.Length, Round(cheapest), Round(cheapest * 1000 / probes));
    }

    /// <summary>
    /// The time per failed attempt once the ports ran out, in a closed model (loops retry as fast as the machine lets
    /// them): over the second half of the exhausted time, when the failing path runs at full speed (its first calls
    /// still compile); null for an open model or too few failures.
    /// </summary>
    public static double? FailedAttemptMicroseconds(IReadOnlyList<LoadPhase> load, StrategyResult result, IReadOnlyList<TimeSeriesRow> rows)
    {
        if (!load.All(p => p is KeepConstantPhase) || result.FirstFailureSeconds is not { } first)
        {
            return null;
        }

        // Up to the end of the load: after it the loops stop, however long the run waits for the last requests.
        var end = Math.Min(result.DurationSeconds, load.Sum(p => p.During.TotalSeconds));
        var from = first + ((end - first) / 2);
        var window = rows.Where(r => r.T > from && r.T <= end).ToList();
        var failed = window.Sum(r => r.Failures.GetValueOrDefault(FailureKind.EADDRNOTAVAIL) + r.Failures.GetValueOrDefault(FailureKind.EADDRINUSE));
        if (failed < 100)
        {
            return null;
        }

        var seconds = window.Max(r => r.T) - rows.Where(r => r.T <= from).Select(r => r.T).DefaultIfEmpty(0).Max();
        return Round(seconds * 1e6 / failed);
    }

    /// <summary>
    /// A closed model's time per connection until the range ran out: the time to the first failure over the requests
    /// that had succeeded by then, less their probing, which the model prices on its own: connect() looks at about
    /// 1 + size / 4 ports a connection while a range fills with nothing freed (one port each for the even half, then
    /// the whole even half before each odd port). Null for an open model or too few connections to say.
    /// </summary>
    public static double? LoopConnectMicroseconds(IReadOnlyList<LoadPhase> load, RunRecorder recorder, double perProbeNanoseconds, int rangeSize)
    {
        if (!load.All(p => p is KeepConstantPhase) || recorder.FirstFailureSeconds is not { } first || recorder.SucceededBeforeFirstFailure < 100)
        {
            return null;
        }

        var each = first * 1e6 / recorder.SucceededBeforeFirstFailure;
        var probing = (1 + (rangeSize / 4.0)) * perProbeNanoseconds / 1000;
        return each > probing ? Round(each - probing) : null;
    }

    private static ResilienceFigures Figures(ResilienceTally t) =>
        new(t.Attempts, t.Retries, t.SucceededAfterRetry, t.RetriesExhausted, Round(t.Backoff.TotalSeconds), t.BreakerOpenings, t.ShortCircuited);

    private static double? Ms(TimeSpan? value) => value is { } v ? Round(v.TotalMilliseconds) : null;

    private static double Round(double value) => Math.Round(value, 3);
}
