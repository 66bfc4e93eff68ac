namespace PortLoad.Results;

/// <summary>One strategy's figures for one sampling interval ending at <see cref="T"/> seconds.</summary>
public sealed record TimeSeriesRow
{
    public required string Strategy { get; init; }

    public required double T { get; init; }

    /// <summary>Requests the schedule offered in the interval (open model); attempts in a closed model.</summary>
    public required long Offered { get; init; }

    public required long Attempted { get; init; }

    public required long Succeeded { get; init; }

    public required long Failed { get; init; }

    public required IReadOnlyDictionary<FailureKind, long> Failures { get; init; }

    /// <summary>Client sockets to the target in TIME_WAIT at the interval's last sample; null without a sample.</summary>
    public long? TimeWait { get; init; }

    public long? Established { get; init; }

    public long? TimeWaitAllDestinations { get; init; }

    /// <summary>TIME_WAIT to the target that the strategy did not open (an earlier strategy's, another process's).</summary>
    public long? TimeWaitOthers { get; init; }

    public double? P50Ms { get; init; }

    public double? P90Ms { get; init; }

    public double? P99Ms { get; init; }

    /// <summary>Retries a resilience pipeline started in the interval (attempts beyond each request's first).</summary>
    public long Retries { get; init; }
}
