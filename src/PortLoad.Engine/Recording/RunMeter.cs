using System.Diagnostics.Metrics;
using PortLoad.Load;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>
/// A run's live figures as .NET metrics: a <see cref="Meter"/> named <c>PortLoad</c>, so <c>dotnet-counters monitor
/// --counters PortLoad</c> shows them with nothing else, and exporters (Prometheus, OpenTelemetry) are adapters.
/// Every instrument is observable: it reads the strategies' own figures when a listener collects, so the load's
/// threads do no extra work for it, and a run nobody watches pays nothing. Each measurement carries
/// <c>strategy</c>, and <c>segment</c> in a segment of a split run.
/// </summary>
public sealed class RunMeter : IDisposable
{
    public const string MeterName = "PortLoad";
    private readonly Meter _meter = new(MeterName, typeof(RunMeter).Assembly.GetName().Version?.ToString(3));
    private readonly List<(string Strategy, ILiveFigures Figures, long PortSpace, LoadTimeline? Timeline)> _followed = [];
    private readonly KeyValuePair<string, object?>[] _common;

    /// <param name="segment">The segment this process runs; null or whole: none.</param>
    public RunMeter(Segment? segment = null)
    {
        _common = segment is { IsWhole: false } s ? [new("segment", s.ToString())] : [];
        _meter.CreateObservableCounter("portload.requests", ObserveRequests, "{request}", "Requests finished, by outcome (succeeded, failed) and failure kind.");
        _meter.CreateObservableCounter("portload.retries", () => Observe<long>(f => [Measure(f.Figures.Retries, f.Strategy)]), "{retry}", "Retries a resilience pipeline made.");
        _meter.CreateObservableGauge("portload.ports.in_use", ObservePorts, "{port}", "Client ports the strategy holds towards its target, by TCP state (time_wait, established), at the latest sample.");
        _meter.CreateObservableGauge("portload.request.duration.p99", ObserveP99, "s", "The 99th percentile of request durations so far, from each request's scheduled start (the recorder's HdrHistogram).");
        // No unit: OpenTelemetry's Prometheus exporter would turn "/s" into a "_per_second" suffix on the name.
        _meter.CreateObservableGauge("portload.offered_rate", ObserveOfferedRate, null, "Requests a second the load profile offers now (open-model phases; none in a closed-model phase).");
        _meter.CreateObservableGauge("portload.port_space", () => Observe<long>(f => [Measure(f.PortSpace, f.Strategy)]), "{port}", "Source addresses times ports in the ephemeral range: the 4-tuples open to one destination.");
    }

    public Meter Meter => _meter;

    /// <summary>
    /// Publishes <paramref name="figures"/>, the running strategy <paramref name="strategy"/>'s, from now on, with the
    /// offered rate read from <paramref name="timeline"/> at its elapsed time (null: none published).
    /// </summary>
    public void Follow(string strategy, ILiveFigures figures, long portSpace, LoadTimeline? timeline = null)
    {
        lock (_followed)
        {
            _followed.Add((strategy, figures, portSpace, timeline));
        }
    }

    public void Dispose() => _meter.Dispose();

    private List<Measurement<long>> ObserveRequests() => Observe<long>(f =>
        [
            Measure(f.Figures.Succeeded, f.Strategy, ("outcome", "succeeded")),
            .. FailureKinds.All.Where(k => f.Figures.Failures(k) > 0)
                .Select(k => Measure(f.Figures.Failures(k), f.Strategy, ("outcome", "failed"), ("failure", Names.Failures[k]))),
        ]);

    private List<Measurement<long>> ObservePorts() => Observe<long>(f => f.Figures.LastCounts is { } c
        ? [Measure(c.TimeWait, f.Strategy, ("state", "time_wait")), Measure(c.Established, f.Strategy, ("state", "established"))]
        : []);

    private List<Measurement<double>> ObserveOfferedRate() => Observe<double>(f => f.Timeline?.OfferedRateAt(f.Figures.Elapsed) is { } rate
        ? [Measure(rate, f.Strategy)]
        : []);

    private List<Measurement<double>> ObserveP99() => Observe<double>(f => f.Figures.P99 is { } p99 ? [Measure(p99.TotalSeconds, f.Strategy)] : []);

    private List<Measurement<T>> Observe<T>(Func<(string Strategy, ILiveFigures Figures, long PortSpace, LoadTimeline? Timeline), IEnumerable<Measurement<T>>> measure)
        where T : struct
    {
        lock (_followed)
        {
            return [.. _followed.SelectMany(measure)];
        }
    }

    private Measurement<T> Measure<T>(T value, string strategy, params (string Key, string Value)[] tags)
        where T : struct => new(value, [.. _common, new("strategy", strategy), .. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))]);
}
