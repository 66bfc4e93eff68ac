namespace PortLoad.Resilience;

/// <summary>What a resilience pipeline reports about the requests it wraps.</summary>
public interface IResilienceObserver
{
    /// <summary>An attempt failed in a way the policy retries; the next waits <paramref name="delay"/>.</summary>
    void OnRetry(TimeSpan delay);

    /// <summary>The circuit breaker opened: requests are short-circuited until it lets one through again.</summary>
    void OnBreakerOpened();

    /// <summary>A request ended after <paramref name="attempts"/> attempts sent (0 when short-circuited at once).</summary>
    void OnRequestEnded(int attempts, FailureKind outcome, bool retriesExhausted);
}
