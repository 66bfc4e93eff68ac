using PortLoad.Connections;
using PortLoad.Sampling;

namespace PortLoad.Runs;

/// <summary>A running strategy's figures so far, for progress displays.</summary>
public interface ILiveFigures
{
    TimeSpan Elapsed { get; }

    long Attempted { get; }

    long Succeeded { get; }

    long Failed { get; }

    long Failures(FailureKind kind);

    /// <summary>The latest socket counts; null before the first sample.</summary>
    SocketCounts? LastCounts { get; }
}
