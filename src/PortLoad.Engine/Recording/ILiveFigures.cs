using PortLoad.Load;
using PortLoad.Sampling;

namespace PortLoad.Recording;

/// <summary>A running strategy's figures so far, for progress displays.</summary>
public interface ILiveFigures
{
    TimeSpan Elapsed { get; }

    long Attempted { get; }

    long Succeeded { get; }

    long Failed { get; }

    long Failures(FailureKind kind);

    /// <summary>Retries a resilience pipeline has made so far; 0 without one.</summary>
    long Retries { get; }

    /// <summary>The 99th percentile latency of the requests so far; null before the first success.</summary>
    TimeSpan? P99 { get; }

    /// <summary>Every succeeded request's duration so far, from its scheduled start; null where none is kept.</summary>
    LatencyHistogram? Latency { get; }

    /// <summary>Connections opened so far (warm-up and held ones included, as in the results); 0 where none are counted.</summary>
    long ConnectionsOpened { get; }

    /// <summary>The latest socket counts; null before the first sample.</summary>
    SocketCounts? LastCounts { get; }

    /// <summary>When the first request failed, seconds into the run; null while none has.</summary>
    double? FirstFailureSeconds { get; }

    FailureKind? FirstFailureKind { get; }
}
