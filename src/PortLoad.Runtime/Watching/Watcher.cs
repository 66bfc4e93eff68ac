using PortLoad.HostInfo;

namespace PortLoad.Watching;

/// <summary>One destination's line of <c>portload watch</c>.</summary>
/// <param name="PortSpace">The ports connect() can choose from for this destination: the ephemeral range (per source address).</param>
/// <param name="New">New connections since the last sample (local ports not held then).</param>
/// <param name="NewPerSecond">The same a second.</param>
/// <param name="SecondsToExhaustion">At this rate, when the space runs out; null: never (the rate is sustainable).</param>
/// <param name="Process">The process holding most of its live sockets, "name (pid)"; null when not known or not permitted.</param>
public sealed record WatchRow(
    string Source, string Destination, long Established, long TimeWait, long Other, long InUse, long PortSpace,
    double Usage, long New, double NewPerSecond, double? SecondsToExhaustion, string? Process);

/// <summary>
/// Turns successive socket tables into per-destination usage, rates and a forecast. The forecast is the range /
/// TIME_WAIT rule: a port stays taken for the TIME_WAIT length (60 s on Linux), or about a second where
/// tcp_tw_reuse lets a new connection take it over (1, or 2 towards loopback); above range / hold a second the
/// space runs out in (space - in use) / rate seconds, at or below it never.
/// </summary>
public sealed class Watcher(HostFacts facts, TimeProvider time)
{
    private Dictionary<DestinationKey, DestinationSockets> _previous = [];
    private long _previousAt;

    public HostFacts Facts => facts;

    /// <summary>The destinations in <paramref name="table"/>, most used first, at most <paramref name="top"/>.</summary>
    public IReadOnlyList<(DestinationKey Key, WatchRow Row)> Next(Dictionary<DestinationKey, DestinationSockets> table, int top, Func<IEnumerable<uint>, string?>? owner = null)
    {
        var now = time.GetTimestamp();
        var seconds = _previousAt == 0 ? 0 : time.GetElapsedTime(_previousAt, now).TotalSeconds;
        var space = facts.EphemeralPortRange.Size;
        var rows = new List<(DestinationKey, WatchRow)>();
        foreach (var (key, sockets) in table.OrderByDescending(d => d.Value.InUse).ThenBy(d => d.Key.ToString(), StringComparer.Ordinal).Take(top))
        {
            var fresh = seconds > 0 ? sockets.NewSince(_previous.GetValueOrDefault(key)) : 0;
            var rate = seconds > 0 ? fresh / seconds : 0;
            rows.Add((key, new WatchRow(
                key.SourceAddress.ToString(), key.DestinationText, sockets.Established, sockets.TimeWait, sockets.Other, sockets.InUse, space,
                Math.Round((double)sockets.InUse / space, 4), fresh, Math.Round(rate, 2), Forecast(key, sockets.InUse, rate, space),
                owner?.Invoke(sockets.Inodes))));
        }

        _previous = table;
        _previousAt = now;
        return rows;
    }

    private double? Forecast(DestinationKey key, long inUse, double rate, long space) => Forecast(inUse, rate, space, HoldSeconds(facts, key.LoopbackDestination));

    /// <summary>When <paramref name="space"/> runs out at <paramref name="rate"/>, each port held <paramref name="hold"/> s; null: never (the rate is sustainable).</summary>
    public static double? Forecast(long inUse, double rate, long space, double hold) =>
        rate > space / hold ? Math.Round(Math.Max(0, space - inUse) / rate, 1) : null;

    /// <summary>
    /// How long a closed connection keeps its port from a new one: TIME_WAIT, or about a second where tcp_tw_reuse
    /// lets a new connection take it over (1, or 2 towards loopback).
    /// </summary>
    public static double HoldSeconds(HostFacts facts, bool loopbackDestination) =>
        facts.TcpTwReuse is 1 || (facts.TcpTwReuse is 2 && loopbackDestination) ? 1.0 : facts.TimeWaitSeconds;
}
