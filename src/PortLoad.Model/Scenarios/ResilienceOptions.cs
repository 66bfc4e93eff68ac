
namespace PortLoad.Scenarios;

/// <summary>
/// A strategy's resilience pipeline, built with Polly.Core: retry outermost, then the circuit
/// breaker, then the per-attempt timeout, so every attempt passes the breaker and has its own timeout.
/// </summary>
public sealed record ResilienceOptions
{
    public RetryOptions? Retry { get; init; }

    /// <summary>Each attempt's own timeout (Polly's timeout strategy); the request timeout still applies.</summary>
    public TimeSpan? Timeout { get; init; }

    public CircuitBreakerOptions? CircuitBreaker { get; init; }

    /// <summary>The longest one request can take, every attempt and backoff included: what a run must wait for.</summary>
    public TimeSpan LongestRequest(TimeSpan requestTimeout)
    {
        var attempt = Timeout is { } t && t < requestTimeout ? t : requestTimeout;
        if (Retry is not { } retry)
        {
            return attempt;
        }

        var total = attempt * retry.MaxAttempts;
        for (var i = 1; i < retry.MaxAttempts; i++)
        {
            total += retry.LongestDelay(i);
        }

        return total;
    }
}

public enum Backoff
{
    Constant,
    Linear,
    Exponential,
}

/// <param name="MaxAttempts">Attempts in all, the first one included: 3 means up to two retries.</param>
/// <param name="Delay">The base delay before a retry; what <paramref name="Backoff"/> grows from.</param>
/// <param name="Jitter">True: each delay is spread uniformly over ±25% of itself.</param>
/// <param name="On">The failures that are retried; any other outcome ends the request.</param>
public sealed record RetryOptions(int MaxAttempts, Backoff Backoff, TimeSpan Delay, bool Jitter, IReadOnlySet<FailureKind> On)
{
    public const double JitterSpread = 0.25;
    public const int DefaultMaxAttempts = 3;
    public static readonly TimeSpan DefaultDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether attempt <paramref name="attempt"/> (1 for the first), ended with <paramref name="outcome"/>, is followed by another.</summary>
    public bool Retries(int attempt, FailureKind outcome) => attempt < MaxAttempts && On.Contains(outcome);

    /// <summary>Whether a request that ended with <paramref name="outcome"/> after <paramref name="attempts"/> attempts would have been retried, had any attempt been left.</summary>
    public bool Exhausted(int attempts, FailureKind outcome) => MaxAttempts > 1 && attempts == MaxAttempts && On.Contains(outcome);

    /// <summary>The delay before retry <paramref name="retry"/> (1 for the first), jitter drawn from <paramref name="random"/>.</summary>
    public TimeSpan DelayBefore(int retry, Random random)
    {
        var delay = BaseDelay(retry);
        return Jitter ? delay * (1 + (JitterSpread * ((2 * random.NextDouble()) - 1))) : delay;
    }

    /// <summary>The longest delay <see cref="DelayBefore"/> can give for retry <paramref name="retry"/>.</summary>
    public TimeSpan LongestDelay(int retry) => BaseDelay(retry) * (Jitter ? 1 + JitterSpread : 1);

    private TimeSpan BaseDelay(int retry) => Backoff switch
    {
        Backoff.Constant => Delay,
        Backoff.Linear => Delay * retry,
        _ => Delay * Math.Pow(2, retry - 1),
    };
}

/// <summary>Polly's circuit breaker: opens when, within <paramref name="SamplingDuration"/>, at least <paramref name="MinimumThroughput"/> attempts ended and <paramref name="FailureRatio"/> of them failed.</summary>
public sealed record CircuitBreakerOptions(double FailureRatio, int MinimumThroughput, TimeSpan SamplingDuration, TimeSpan BreakDuration)
{
    public const int DefaultMinimumThroughput = 100;
    public static readonly TimeSpan DefaultSamplingDuration = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(5);
}
