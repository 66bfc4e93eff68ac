namespace PortLoad.Load;

/// <summary>What the load runner reports about each request. Timestamps are <see cref="TimeProvider"/> timestamps.</summary>
public interface ILoadObserver
{
    /// <summary>A request is about to start; <paramref name="scheduledTimestamp"/> is when it was due.</summary>
    void OnAttempt(long scheduledTimestamp);

    /// <summary>A request ended with <paramref name="outcome"/>; latency counts from when it was due.</summary>
    void OnCompleted(long scheduledTimestamp, FailureKind outcome);
}
