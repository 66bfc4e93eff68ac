using System.Diagnostics.Metrics;
using PortLoad.Load;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>
/// A run's live figures as .NET metrics: a <see cref="Meter"/> named <c>PortLoad</c>, so <c>dotnet-counters monitor
/// --counters PortLoad</c> shows them with nothing else, and exporters (Prometheus, OpenTelemetry) are adapters.
/// Every instrument reads the strategies' own figures when a listener collects, so the load's threads do no extra
/// work for it, and a run nobody watches pays nothing: the counters and gauges are observable, and the duration
/// histogram is given, at each collection, the requests the strategy's HdrHistogram gained since the last one (an
/// isolated strategy's, from its child's latest snapshot). Each measurement carries <c>strategy</c>,
/// <c>segment</c> in a segment of a split run, and <c>client_instance</c> when several instances run the strategy
/// (not <c>instance</c>, which Prometheus keeps for the scraped target's address).
/// </summary>
public sealed class RunMeter : IDisposable
{
    public const string MeterName = "PortLoad";
    private readonly Meter _meter = new(MeterName, typeof(RunMeter).Assembly.GetName().Version?.ToString(3));
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private readonly List<Followed> _followed = [];
    private readonly KeyValuePair<string, object?>[] _common;
    private readonly Histogram<double> _duration;

    /// <param name="segment">The segment this process runs; null or whole: none.</param>
    public RunMeter(Segment? segment = null)
    {
        _common = segment is { IsWhole: false } s ? [new("segment", s.ToString())] : [];
        _meter.CreateObservableCounter("portload.requests", ObserveRequests, "{request}", "Requests finished, by outcome (succeeded, failed) and failure kind.");
        _meter.CreateObservableCounter("portload.retries", () => Observe<long>(f => [Measure(f.Figures.Retries, f)]), "{retry}", "Retries a resilience pipeline made.");
        _meter.CreateObservableCounter("portload.connections.opened", () => Observe<long>(f => [Measure(f.Figures.ConnectionsOpened, f)]), "{connection}", "Connections the strategy opened (a pool's few; per-request, one a request).");
        _duration = _meter.CreateHistogram("portload.request.duration", "s", "Durations of succeeded requests, from each request's scheduled start.", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _meter.CreateObservableGauge("portload.ports.in_use", ObservePorts, "{port}", "Client ports the strategy holds towards its target, by TCP state (time_wait, established), at the latest sample.");
        // No unit: OpenTelemetry's Prometheus exporter would turn "/s" into a "_per_second" suffix on the name.
        _meter.CreateObservableGauge("portload.offered_rate", ObserveOfferedRate, null, "Requests a second the load profile offers now (open-model phases; none in a closed-model phase).");
        _meter.CreateObservableGauge("portload.port_space", () => Observe<long>(f => [Measure(f.PortSpace, f)]), "{port}", "Source addresses times ports in the ephemeral range: the 4-tuples open to one destination.");
    }

    public Meter Meter => _meter;

    /// <summary>The duration histogram's bucket bounds, in seconds: from a loopback request's half millisecond to a minute.</summary>
    public static IReadOnlyList<double> DurationBuckets => Buckets;

    /// <summary>
    /// Publishes <paramref name="figures"/>, the running strategy <paramref name="strategy"/>'s, from now on, with the
    /// offered rate read from <paramref name="timeline"/> at its elapsed time (null: none published).
    /// </summary>
    /// <remarks>
    /// Several instances' figures (<see cref="InstanceFigures"/>) are published per instance, each with its share of
    /// <paramref name="portSpace"/> (every instance has an address, so a port space, of its own), so a sum adds up.
    /// </remarks>
    public void Follow(string strategy, ILiveFigures figures, long portSpace, LoadTimeline? timeline = null)
    {
        var instances = figures is InstanceFigures { Instances.Count: > 1 } parts ? parts.Instances : [figures];
        lock (_followed)
        {
            _followed.AddRange(instances.Select((f, i) => new Followed(f, portSpace / instances.Count, timeline, Tags(strategy, i, instances.Count))));
        }
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>The attributes every measurement of instance <paramref name="index"/> (of <paramref name="instances"/>) of a strategy carries.</summary>
    private KeyValuePair<string, object?>[] Tags(string strategy, int index, int instances)
    {
        KeyValuePair<string, object?>[] tags = [.. _common, new("strategy", strategy)];
        return instances > 1 ? [.. tags, new("client_instance", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))] : tags;
    }

    private List<Measurement<long>> ObserveRequests() => Observe<long>(f =>
        [
            Measure(f.Figures.Succeeded, f, ("outcome", "succeeded")),
            .. FailureKinds.All.Where(k => f.Figures.Failures(k) > 0)
                .Select(k => Measure(f.Figures.Failures(k), f, ("outcome", "failed"), ("failure", Names.Failures[k]))),
        ]);

    private List<Measurement<long>> ObservePorts() => Observe<long>(f => f.Figures.LastCounts is { } c
        ? [Measure(c.TimeWait, f, ("state", "time_wait")), Measure(c.Established, f, ("state", "established"))]
        : []);

    private List<Measurement<double>> ObserveOfferedRate() => Observe<double>(f => f.Timeline?.OfferedRateAt(f.Figures.Elapsed) is { } rate
        ? [Measure(rate, f)]
        : []);

    // Every observable instrument's callback runs before a collection reads the histogram (MeterListener and
    // OpenTelemetry both record the observable instruments first), so the durations passed on here are in it.
    private List<Measurement<T>> Observe<T>(Func<Followed, IEnumerable<Measurement<T>>> measure)
        where T : struct
    {
        lock (_followed)
        {
            PassOnDurations();
            return [.. _followed.SelectMany(measure)];
        }
    }

    /// <summary>Records in the histogram each request the strategies' latencies gained since they were last passed on.</summary>
    private void PassOnDurations()
    {
        if (!_duration.Enabled)
        {
            return;
        }

        foreach (var f in _followed)
        {
            if (f.Figures.Latency is not { } latency || latency.Count == f.PassedCount)
            {
                continue;
            }

            foreach (var (micros, count) in latency.Values())
            {
                var passed = f.Passed.GetValueOrDefault(micros);
                for (var i = passed; i < count; i++)
                {
                    _duration.Record(micros / 1e6, f.Tags);
                }

                f.Passed[micros] = Math.Max(passed, count);
                f.PassedCount += Math.Max(0, count - passed);
            }
        }
    }

    private static Measurement<T> Measure<T>(T value, Followed followed, params (string Key, string Value)[] tags)
        where T : struct => new(value, [.. followed.Tags, .. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))]);

    /// <summary>One strategy's figures (one instance's, when several run it), its attributes, and what the histogram has had of it.</summary>
    private sealed class Followed(ILiveFigures figures, long portSpace, LoadTimeline? timeline, KeyValuePair<string, object?>[] tags)
    {
        public ILiveFigures Figures => figures;

        public long PortSpace => portSpace;

        public LoadTimeline? Timeline => timeline;

        public KeyValuePair<string, object?>[] Tags => tags;

        /// <summary>Requests passed on to the histogram, by value (microseconds).</summary>
        public Dictionary<long, long> Passed { get; } = [];

        public long PassedCount { get; set; }
    }
}
