namespace PortLoad.Scenarios;

/// <summary>Holds a resilience pipeline's options to the ranges Polly accepts.</summary>
internal static class ResilienceValidator
{
    public static readonly TimeSpan MinAttemptTimeout = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaxAttemptTimeout = TimeSpan.FromMinutes(2);
    public const int MaxAttempts = 100;
    public const int MaxMinimumThroughput = 1_000_000;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MinBreakerWindow = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxBreakerWindow = TimeSpan.FromDays(1);

    public static void Check(ValidationErrors errors, string path, ResilienceOptions r)
    {
        if (r.Retry is null && r.Timeout is null && r.CircuitBreaker is null)
        {
            errors.Add(path, "is empty: give at least one of retry, timeout, circuitBreaker");
        }

        errors.Between($"{path}.timeout", r.Timeout, MinAttemptTimeout, MaxAttemptTimeout);
        if (r.Retry is { } retry)
        {
            errors.Between($"{path}.retry.maxAttempts", retry.MaxAttempts, 1, MaxAttempts);
            errors.Between($"{path}.retry.delay", retry.Delay, TimeSpan.Zero, MaxDelay);
        }

        if (r.CircuitBreaker is { } b)
        {
            errors.Between($"{path}.circuitBreaker.failureRatio", b.FailureRatio, 0, 1, minExclusive: true);
            errors.Between($"{path}.circuitBreaker.minimumThroughput", b.MinimumThroughput, 2, MaxMinimumThroughput);
            errors.Between($"{path}.circuitBreaker.samplingDuration", b.SamplingDuration, MinBreakerWindow, MaxBreakerWindow);
            errors.Between($"{path}.circuitBreaker.breakDuration", b.BreakDuration, MinBreakerWindow, MaxBreakerWindow);
        }
    }
}
