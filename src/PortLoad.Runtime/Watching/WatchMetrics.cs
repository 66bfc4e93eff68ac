using Prometheus;

namespace PortLoad.Watching;

/// <summary>
/// What <c>portload watch --prometheus</c> serves at /metrics (prometheus-net): per destination, ports in use by
/// state, the port space, the usage ratio, the forecast and new connections. Only the watched top destinations
/// carry labels, and a destination that drops out is removed, so the number of series stays bounded.
/// </summary>
public sealed class WatchMetrics : IDisposable
{
    private static readonly string[] Labels = ["src", "dst"];
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Gauge _inUse;
    private readonly Gauge _space;
    private readonly Gauge _usage;
    private readonly Gauge _forecast;
    private readonly Counter _new;
    private readonly KestrelMetricServer _server;
    private HashSet<(string Src, string Dst)> _shown = [];

    public WatchMetrics(string host, int port)
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        _inUse = factory.CreateGauge("portload_ports_in_use", "Client ports held towards a destination, by TCP state.", ["src", "dst", "state"]);
        _space = factory.CreateGauge("portload_port_space", "Ports connect() can choose from towards a destination (the ephemeral range).", Labels);
        _usage = factory.CreateGauge("portload_port_usage_ratio", "Ports in use over the port space, 0 to 1.", Labels);
        _forecast = factory.CreateGauge("portload_seconds_to_exhaustion", "At the current rate of new connections, seconds until the port space runs out; +Inf: never.", Labels);
        _new = factory.CreateCounter("portload_new_connections_total", "New connections seen (local ports not held at the previous sample).", Labels);
        // Kestrel, not HttpListener: it answers whatever name reached the bound address (127.0.0.1 for a localhost
        // bind) and takes IPv6 literals and 0.0.0.0, where HttpListener matched the Host header against its prefix.
        _server = new KestrelMetricServer(host, port, "/metrics", _registry);
        try
        {
            _server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // An address not this host's: bad input like a port in use (which Kestrel says as an IOException).
            throw new IOException(e.Message, e);
        }
    }

    public void Update(IEnumerable<WatchRow> rows)
    {
        var shown = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            shown.Add((row.Source, row.Destination));
            _inUse.WithLabels(row.Source, row.Destination, "established").Set(row.Established);
            _inUse.WithLabels(row.Source, row.Destination, "time_wait").Set(row.TimeWait);
            _inUse.WithLabels(row.Source, row.Destination, "other").Set(row.Other);
            _space.WithLabels(row.Source, row.Destination).Set(row.PortSpace);
            _usage.WithLabels(row.Source, row.Destination).Set(row.Usage);
            _forecast.WithLabels(row.Source, row.Destination).Set(row.SecondsToExhaustion ?? double.PositiveInfinity);
            _new.WithLabels(row.Source, row.Destination).Inc(row.New);
        }

        foreach (var (src, dst) in _shown.Where(d => !shown.Contains(d)))
        {
            foreach (var state in new[] { "established", "time_wait", "other" })
            {
                _inUse.RemoveLabelled(src, dst, state);
            }

            _space.RemoveLabelled(src, dst);
            _usage.RemoveLabelled(src, dst);
            _forecast.RemoveLabelled(src, dst);
            _new.RemoveLabelled(src, dst);
        }

        _shown = shown;
    }

    public void Dispose() => _server.Dispose();
}
