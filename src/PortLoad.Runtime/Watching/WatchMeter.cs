using System.Diagnostics.Metrics;
using PortLoad.Recording;

namespace PortLoad.Watching;

/// <summary>
/// What <c>portload watch</c> publishes, on the same <c>PortLoad</c> Meter as a run (so one dashboard shows both under
/// the same names): per destination (<c>src</c>, <c>dst</c>), ports in use by state, the port space, the usage ratio,
/// the forecast and new connections. Only the watched top destinations are reported, from the latest sample: a
/// destination that drops out is reported no more, so the number of series stays bounded.
/// </summary>
public sealed class WatchMeter : IDisposable
{
    private readonly Meter _meter = new(RunMeter.MeterName, typeof(WatchMeter).Assembly.GetName().Version?.ToString(3));
    private readonly Lock _lock = new();
    private IReadOnlyList<WatchRow> _rows = [];
    private Dictionary<(string Src, string Dst), long> _new = [];

    public WatchMeter()
    {
        _meter.CreateObservableGauge("portload.ports.in_use", () => Each<long>(r =>
            [Measure(r.Established, r, ("state", "established")), Measure(r.TimeWait, r, ("state", "time_wait")), Measure(r.Other, r, ("state", "other"))]),
            "{port}", "Client ports held towards a destination, by TCP state.");
        _meter.CreateObservableGauge("portload.port_space", () => Each<long>(r => [Measure(r.PortSpace, r)]), "{port}", "Ports connect() can choose from towards a destination (the ephemeral range).");
        // No unit on these two: OpenTelemetry's Prometheus exporter would add it to the name, which watch's users already have.
        _meter.CreateObservableGauge("portload.port_usage_ratio", () => Each<double>(r => [Measure(r.Usage, r)]), null, "Ports in use over the port space, 0 to 1.");
        _meter.CreateObservableGauge("portload.seconds_to_exhaustion", () => Each<double>(r => [Measure(r.SecondsToExhaustion ?? double.PositiveInfinity, r)]), null,
            "At the current rate of new connections, seconds until the port space runs out; +Inf: never.");
        _meter.CreateObservableCounter("portload.new_connections", () => Each<long>(r => [Measure(_new[(r.Source, r.Destination)], r)]), "{connection}",
            "New connections seen (local ports not held at the previous sample).");
    }

    public Meter Meter => _meter;

    /// <summary>The latest sample's rows: what the next collection reports.</summary>
    public void Update(IEnumerable<WatchRow> rows)
    {
        lock (_lock)
        {
            _rows = [.. rows];
            // Counted on only while shown: a destination that comes back starts again from its new connections then.
            _new = _rows.ToDictionary(r => (r.Source, r.Destination), r => _new.GetValueOrDefault((r.Source, r.Destination)) + r.New);
        }
    }

    public void Dispose() => _meter.Dispose();

    private List<Measurement<T>> Each<T>(Func<WatchRow, IEnumerable<Measurement<T>>> measure)
        where T : struct
    {
        lock (_lock)
        {
            return [.. _rows.SelectMany(measure)];
        }
    }

    private static Measurement<T> Measure<T>(T value, WatchRow row, params (string Key, string Value)[] tags)
        where T : struct =>
        new(value, [new("src", row.Source), new("dst", row.Destination), .. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))]);
}
