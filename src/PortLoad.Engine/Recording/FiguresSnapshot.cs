using System.Text.Json.Serialization;
using PortLoad.Load;
using PortLoad.Results;
using PortLoad.Sampling;

namespace PortLoad.Recording;

/// <summary>
/// A strategy's figures at one moment: what an isolated child sends its parent while it runs, and the
/// totals of a finished strategy. The latencies travel whole (<see cref="LatencyLog"/>: the HdrHistogram compressed,
/// a few KB, or the finished strategy's .hlog), so the parent can pass on each request's duration (<see cref="RunMeter"/>'s histogram), not only the
/// percentiles.
/// </summary>
public sealed record FiguresSnapshot(
    double ElapsedSeconds,
    long Attempted,
    long Succeeded,
    IReadOnlyDictionary<FailureKind, long> FailureCounts,
    long? TimeWait,
    long? Established,
    long Retries,
    double? P99Ms,
    double? FirstFailureSeconds = null,
    FailureKind? FirstFailureKind = null,
    long ConnectionsOpened = 0,
    string? LatencyLog = null) : ILiveFigures
{
    public static FiguresSnapshot Empty { get; } = new(0, 0, 0, new Dictionary<FailureKind, long>(), null, null, 0, null);

    public TimeSpan Elapsed => TimeSpan.FromSeconds(ElapsedSeconds);

    public long Failed => FailureCounts.Values.Sum();

    public TimeSpan? P99 => P99Ms is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    public SocketCounts? LastCounts => TimeWait is { } tw ? new SocketCounts(tw, Established ?? 0, tw) : null;

    /// <summary>Decoded from <see cref="LatencyLog"/> at each read.</summary>
    [JsonIgnore]
    public LatencyHistogram? Latency => LatencyLog is { } log ? LatencyHistogram.FromLogs([log]) : null;

    public long Failures(FailureKind kind) => FailureCounts.GetValueOrDefault(kind);

    /// <param name="withLatency">Whether to carry the latencies (encoding a busy histogram takes about 3 ms).</param>
    public static FiguresSnapshot Of(ILiveFigures f, bool withLatency = true) => new(
        f.Elapsed.TotalSeconds,
        f.Attempted,
        f.Succeeded,
        FailureKinds.All.ToDictionary(k => k, f.Failures),
        f.LastCounts?.TimeWait,
        f.LastCounts?.Established,
        f.Retries,
        f.P99?.TotalMilliseconds,
        f.FirstFailureSeconds,
        f.FirstFailureKind,
        f.ConnectionsOpened,
        withLatency ? f.Latency?.ToCompressed() : null);

    /// <summary>A finished strategy's totals; its sockets as the last sample left them (TIME_WAIT only).</summary>
    public static FiguresSnapshot Of(StrategyRun run) => Of(run.Result) with { LatencyLog = run.LatencyLog };

    private static FiguresSnapshot Of(StrategyResult r) => new(
        r.DurationSeconds,
        r.Requests.Attempted,
        r.Requests.Succeeded,
        r.Failures,
        r.TimeWait.Final,
        0,
        r.Resilience?.Retries ?? 0,
        r.LatencyMs.P99,
        r.FirstFailureSeconds,
        r.FirstFailureKind,
        r.ConnectionsOpened);
}

/// <summary>Live figures that are whatever snapshot came last: a child process's, as its progress lines arrive.</summary>
public sealed class LatestFigures : ILiveFigures
{
    private volatile FiguresSnapshot _latest = FiguresSnapshot.Empty;
    private volatile Decoded? _decoded;
    private volatile string? _log;

    public TimeSpan Elapsed => _latest.Elapsed;

    public long Attempted => _latest.Attempted;

    public long Succeeded => _latest.Succeeded;

    public long Failed => _latest.Failed;

    public long Retries => _latest.Retries;

    public TimeSpan? P99 => _latest.P99;

    /// <summary>
    /// The latencies the latest snapshot that carried them carried, decoded once. Kept from <see cref="Update"/>: most
    /// snapshots carry none, and a reader that came only between them (a collection once a second) saw none new.
    /// </summary>
    public LatencyHistogram? Latency
    {
        get
        {
            var log = _log;
            var decoded = _decoded;
            if (log is not null && !ReferenceEquals(decoded?.Log, log))
            {
                _decoded = decoded = new Decoded(log, LatencyHistogram.FromLogs([log]));
            }

            return decoded?.Latency;
        }
    }

    public long ConnectionsOpened => _latest.ConnectionsOpened;

    public SocketCounts? LastCounts => _latest.LastCounts;

    public double? FirstFailureSeconds => _latest.FirstFailureSeconds;

    public FailureKind? FirstFailureKind => _latest.FirstFailureKind;

    public long Failures(FailureKind kind) => _latest.Failures(kind);

    public void Update(FiguresSnapshot snapshot)
    {
        if (snapshot.LatencyLog is { } log)
        {
            _log = log;
        }

        _latest = snapshot;
    }

    private sealed record Decoded(string Log, LatencyHistogram? Latency);
}
