namespace PortLoad.Connections;

/// <summary>
/// Sends one request the way a connection strategy does (a new connection each time, or one
/// from a pool) and says how it ended. Never throws for a failed request: failures are results.
/// </summary>
public interface IRequestSender : IAsyncDisposable
{
    /// <summary>Connections this sender has opened so far (successful connect() calls).</summary>
    long ConnectionsOpened { get; }

    /// <summary>CPU nanoseconds of a sample of the connect() calls that failed with EADDRNOTAVAIL.</summary>
    IReadOnlyList<long> ExhaustedConnectCpu { get; }

    /// <summary>Prepares what the strategy keeps across requests (a pool's connections).</summary>
    ValueTask StartAsync(CancellationToken cancellationToken);

    /// <summary>Sends one request; <paramref name="cancellationToken"/> cuts it short as a timeout (a resilience pipeline's per-attempt timeout).</summary>
    ValueTask<FailureKind> SendAsync(CancellationToken cancellationToken);
}
