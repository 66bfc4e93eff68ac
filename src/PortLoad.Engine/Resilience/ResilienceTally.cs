namespace PortLoad.Resilience;

/// <summary>A strategy's resilience totals so far. Thread-safe.</summary>
public sealed class ResilienceTally : IResilienceObserver
{
    private long _attempts;
    private long _retries;
    private long _succeededAfterRetry;
    private long _retriesExhausted;
    private long _backoffTicks;
    private long _breakerOpenings;
    private long _shortCircuited;

    /// <summary>Attempts sent, retries included (short-circuited ones were never sent).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    public long Retries => Interlocked.Read(ref _retries);

    public long SucceededAfterRetry => Interlocked.Read(ref _succeededAfterRetry);

    /// <summary>Requests whose every allowed attempt failed in a way the policy retries.</summary>
    public long RetriesExhausted => Interlocked.Read(ref _retriesExhausted);

    /// <summary>Time requests spent waiting between attempts, summed over requests.</summary>
    public TimeSpan Backoff => TimeSpan.FromTicks(Interlocked.Read(ref _backoffTicks));

    public long BreakerOpenings => Interlocked.Read(ref _breakerOpenings);

    public long ShortCircuited => Interlocked.Read(ref _shortCircuited);

    public void OnRetry(TimeSpan delay)
    {
        Interlocked.Increment(ref _retries);
        Interlocked.Add(ref _backoffTicks, delay.Ticks);
    }

    public void OnBreakerOpened() => Interlocked.Increment(ref _breakerOpenings);

    public void OnRequestEnded(int attempts, FailureKind outcome, bool retriesExhausted)
    {
        Interlocked.Add(ref _attempts, attempts);
        if (outcome == FailureKind.None && attempts > 1)
        {
            Interlocked.Increment(ref _succeededAfterRetry);
        }
        else if (outcome == FailureKind.CircuitOpen)
        {
            Interlocked.Increment(ref _shortCircuited);
        }

        if (retriesExhausted)
        {
            Interlocked.Increment(ref _retriesExhausted);
        }
    }
}
