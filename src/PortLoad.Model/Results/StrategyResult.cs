using System.Text.Json.Serialization;
using PortLoad.HostInfo;
using PortLoad.Scenarios;

namespace PortLoad.Results;

/// <summary>One strategy's figures in summary.json.</summary>
public sealed record StrategyResult
{
    public required string Name { get; init; }

    public required ConnectionMode Connections { get; init; }

    /// <summary>Who closes per-request connections; null for a pool.</summary>
    public CloseBy? CloseBy { get; init; }

    public int? PoolSize { get; init; }

    public required bool Completed { get; init; }

    /// <summary>What was in force where this strategy ran: namespace, ephemeral range, tcp_tw_reuse.</summary>
    public required HostFacts Host { get; init; }

    /// <summary>(source addresses x ports in the range): the 4-tuples available to one destination.</summary>
    public required long PortSpace { get; init; }

    public int SourceAddresses { get; init; } = 1;

    public required double DurationSeconds { get; init; }

    public required RequestCounts Requests { get; init; }

    /// <summary>Failed requests by kind, every kind listed, zeros included.</summary>
    public required IReadOnlyDictionary<FailureKind, long> Failures { get; init; }

    public double? FirstFailureSeconds { get; init; }

    public FailureKind? FirstFailureKind { get; init; }

    public required long ConnectionsOpened { get; init; }

    public required TimeWaitFigures TimeWait { get; init; }

    public required long EstablishedPeak { get; init; }

    public required ThroughputFigures Throughput { get; init; }

    public required LatencyFigures LatencyMs { get; init; }

    /// <summary>The requests sent before measuring, not recorded; null: no warm-up.</summary>
    public WarmUpFigures? WarmUp { get; init; }

    /// <summary>A merged run's segments, each with its own port space and TIME_WAIT (summed in the figures above); null: not a merge.</summary>
    public IReadOnlyList<SegmentFigures>? Segments { get; init; }

    /// <summary>What its hold phases reached (connections held at once, per source address, memory); null: none.</summary>
    public HeldConnections? Held { get; init; }

    /// <summary>What the strategy's resilience pipeline did; null when it has none.</summary>
    public ResilienceFigures? Resilience { get; init; }

    /// <summary>The figures worked out by hand: port space, hold time, sustainable rate, and what follows.</summary>
    public Analysis? Analysis { get; init; }

    /// <summary>On a measured run, the simulator's prediction for the same strategy on the same settings.</summary>
    public StrategyResult? Predicted { get; init; }

    /// <summary>On a measured run, connect() costs observed, from which the simulator's per-probe cost is calibrated.</summary>
    public Calibration? Calibration { get; init; }

    /// <summary>Whether the client kept each port in TIME_WAIT after use: per-request, client closing first.</summary>
    [JsonIgnore]
    public bool ClientHoldsTimeWait => Connections == ConnectionMode.PerRequest && CloseBy == Scenarios.CloseBy.Client;
}

/// <summary>
/// A failing connect() probes the whole range, so its CPU time divided by the range size is the cost
/// of one probe: the figure <c>simulation.perProbeNanoseconds</c> wants. Measured on a sample of them.
/// </summary>
public sealed record Calibration(long FailingConnectsSampled, double FailingConnectCpuMicroseconds, double PerProbeNanoseconds)
{
    /// <summary>
    /// Closed-model runs only: the machine's time per failed attempt once the ports had run out (the exhausted time over
    /// the failed attempts), the .NET exception and every core included: what <c>simulation.failedConnectMicroseconds</c>
    /// wants. An open model fails at the offered rate instead, so it says nothing about this cost.
    /// </summary>
    public double? FailedAttemptMicroseconds { get; init; }

    /// <summary>
    /// Closed-model runs against the embedded server only: the machine's time per connection that succeeded before
    /// the first failure, both ends and every core included, the ports' probing taken out (the model adds its own):
    /// what <c>simulation.loopConnectMicroseconds</c> wants.
    /// </summary>
    public double? LoopConnectMicroseconds { get; init; }

    /// <summary>The costs in words: "49.8 ns per probed port, 21.8 µs per failed attempt, 131 µs per connection in a loop".</summary>
    public string Describe() =>
        Invariant.Format($"{PerProbeNanoseconds:0.#} ns per probed port")
        + (FailedAttemptMicroseconds is { } f ? Invariant.Format($", {f:0.#} µs per failed attempt") : "")
        + (LoopConnectMicroseconds is { } l ? Invariant.Format($", {l:0} µs per connection in a loop") : "");
}

/// <summary>
/// A resilience pipeline's work: attempts sent (retries included), requests that succeeded only after a
/// retry, requests whose retries ran out, time spent in backoff, circuit-breaker openings and requests
/// short-circuited by an open breaker.
/// </summary>
public sealed record ResilienceFigures(long Attempts, long Retries, long SucceededAfterRetry, long RetriesExhausted, double BackoffSeconds, long BreakerOpenings, long ShortCircuited);

public sealed record RequestCounts(long Attempted, long Succeeded, long Failed);

/// <param name="Others">The peak of TIME_WAIT sockets to the same destination that the strategy did not open
/// (an earlier strategy's, another process's): counted apart, never in <paramref name="Peak"/>.</param>
public sealed record TimeWaitFigures(long Peak, long Final, long Others = 0);

/// <param name="SameDestination">Whether they went to the measured destination (a pool's own connections, or a
/// host target's), rather than to another port of the embedded server.</param>
public sealed record WarmUpFigures(long Requests, long Failed, bool SameDestination);

public sealed record ThroughputFigures(double OfferedPerSecond, double AchievedPerSecond);

public sealed record LatencyFigures(double? P50, double? P90, double? P99, double? Max);

/// <summary>One segment's share of a merged strategy: its own machine or namespace, so its own port space and TIME_WAIT.</summary>
public sealed record SegmentFigures(string Segment, long Attempted, long Failed, long PortSpace, long TimeWaitPeak, long EstablishedPeak);
