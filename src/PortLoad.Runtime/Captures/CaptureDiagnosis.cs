using System.Net;
using PortLoad.HostInfo;
using PortLoad.Sampling;
using PortLoad.Watching;

namespace PortLoad.Captures;

/// <summary>One snapshot diagnosed: its destinations as <c>watch</c> shows them, and the host's client ports in all.</summary>
/// <param name="ClientPorts">Local ports held by client sockets, all destinations together.</param>
public sealed record DiagnosedSnapshot(DateTimeOffset? At, double? Seconds, IReadOnlyList<WatchRow> Destinations, long ClientPorts)
{
    /// <summary>
    /// Linux only: half the range is held, by two destinations or more with a hundred ports each, and no port towards
    /// two of them. connect() picks each destination's ports apart, so some would be shared by now; bind() before
    /// connect() takes a port from every destination at once.
    /// </summary>
    public bool PortsLookBound { get; init; }

    /// <summary>New connections a second towards every destination together (those shown and the rest).</summary>
    public double ClientNewPerSecond { get; init; }
}

/// <summary>
/// A capture's snapshots turned into per-destination usage, new connections a second and a forecast, by <c>watch</c>'s
/// own <see cref="Watcher"/>, on the capturing system's rules: Linux gives each (source, destination) the whole range,
/// so each destination's usage is its own; Windows and macOS hold one space for every destination, so each
/// destination's usage (and forecast) is the whole host's. Client sockets only: a socket on a port the host listens
/// on is the server's end of someone else's connection.
/// </summary>
public sealed class CaptureDiagnosis
{
    // Ports each of two destinations must hold before "none shared" says bind(): connect() would have shared one by then.
    private const int BoundEvidence = 100;
    private readonly OsDefaults _system;
    private readonly HostFacts _facts;

    /// <param name="range">The ephemeral range; null: the capture's own, else the system's default.</param>
    /// <param name="timeWait">TIME_WAIT's length; null: the system's default.</param>
    public CaptureDiagnosis(Capture capture, PortRange? range = null, TimeSpan? timeWait = null)
    {
        _system = capture.System;
        _facts = new HostFacts
        {
            Os = _system.Os,
            Kernel = "from a capture",
            EphemeralPortRange = range ?? capture.Range ?? _system.Range,
            TcpTwReuse = capture.TcpTwReuse ?? _system.TcpTwReuse,
            TimeWaitSeconds = (int)(timeWait ?? TimeSpan.FromSeconds(_system.TimeWaitSeconds)).TotalSeconds,
        };
    }

    public HostFacts Facts => _facts;

    /// <summary>Whether every destination shares one port space (Windows, macOS).</summary>
    public bool SharedSpace => _system != OsDefaults.Linux;

    /// <summary>
    /// The snapshots in order, each compared with the one before; <paramref name="times"/> gives each snapshot's moment
    /// where the capture has none (several files, <c>--interval</c> apart).
    /// </summary>
    public IReadOnlyList<DiagnosedSnapshot> Diagnose(IReadOnlyList<CaptureSnapshot> snapshots, int top, Func<int, DateTimeOffset>? times = null)
    {
        var clock = new SnapshotClock();
        var watcher = new Watcher(_facts, clock);
        var diagnosed = new List<DiagnosedSnapshot>();
        DateTimeOffset? previous = null;
        for (var i = 0; i < snapshots.Count; i++)
        {
            var at = snapshots[i].At ?? times?.Invoke(i);
            clock.Now = at ?? DateTimeOffset.UnixEpoch;
            var (table, owners) = Table(snapshots[i].Sockets);
            var rows = watcher.Next(table, int.MaxValue, owner: null)
                .Select(r => r.Row with { Process = owners.GetValueOrDefault(r.Key)?.MaxBy(o => o.Value).Key }).ToList();
            var clientPorts = ClientPorts(table.Values);
            var rate = rows.Sum(r => r.NewPerSecond);
            var seconds = previous is { } p && at is { } a ? (a - p).TotalSeconds : (double?)null;
            diagnosed.Add(new DiagnosedSnapshot(at, seconds, [.. (SharedSpace ? Shared(rows, clientPorts, rate) : rows).Take(top)], clientPorts)
            {
                ClientNewPerSecond = rate,
                PortsLookBound = !SharedSpace && clientPorts * 2 >= _facts.EphemeralPortRange.Size && rows.Count(r => r.InUse >= BoundEvidence) >= 2 && rows.Sum(r => r.InUse) == clientPorts,
            });
            previous = at;
        }

        return diagnosed;
    }

    // Windows and macOS: one space for all destinations, so each row says the host's usage and forecast.
    private List<WatchRow> Shared(List<WatchRow> rows, long clientPorts, double rate)
    {
        var space = _facts.EphemeralPortRange.Size;
        var forecast = Watcher.Forecast(clientPorts, rate, space, Watcher.HoldSeconds(_facts, loopbackDestination: false));
        return [.. rows.Select(r => r with { Usage = Math.Round((double)clientPorts / space, 4), SecondsToExhaustion = forecast })];
    }

    private static long ClientPorts(IEnumerable<DestinationSockets> destinations)
    {
        var all = new DestinationSockets();
        foreach (var destination in destinations)
        {
            all.AddPorts(destination);
        }

        return all.NewSince(null);
    }

    private static (Dictionary<DestinationKey, DestinationSockets> Table, Dictionary<DestinationKey, Dictionary<string, int>> Owners) Table(IReadOnlyList<CapturedSocket> sockets)
    {
        var listening = sockets.Where(s => s.State == TcpState.Listen).Select(s => s.LocalPort).ToHashSet();
        var table = new Dictionary<DestinationKey, DestinationSockets>();
        var owners = new Dictionary<DestinationKey, Dictionary<string, int>>();
        foreach (var s in sockets)
        {
            if (!SocketTable.IsClient(s.State, s.LocalPort, listening) || s.RemotePort == 0)
            {
                continue;
            }

            var key = DestinationKey.From(s.Local.AddressFamily, s.Local.GetAddressBytes(), s.Remote.GetAddressBytes(), s.RemotePort);
            if (!table.TryGetValue(key, out var destination))
            {
                table[key] = destination = new DestinationSockets();
            }

            destination.Add(s.LocalPort, s.State);
            if (s.Process is { } process)
            {
                var counts = owners.TryGetValue(key, out var known) ? known : owners[key] = [];
                counts[process] = counts.GetValueOrDefault(process) + 1;
            }
        }

        return (table, owners);
    }

    /// <summary>Whether <paramref name="row"/>'s destination is this host's loopback, where tcp_tw_reuse = 2 applies.</summary>
    internal static bool TowardsLoopback(WatchRow row) => IPEndPoint.TryParse(row.Destination, out var destination) && IPAddress.IsLoopback(destination.Address);

    /// <summary>The clock of a capture: it stands at the snapshot being diagnosed.</summary>
    private sealed class SnapshotClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;

        public override long GetTimestamp() => Now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }
}
