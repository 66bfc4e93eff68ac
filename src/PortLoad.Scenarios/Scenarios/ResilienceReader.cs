namespace PortLoad.Scenarios;

/// <summary>Reads a strategy's "resilience" block; <see cref="ResilienceValidator"/> holds each option to the range Polly accepts.</summary>
internal static class ResilienceReader
{
    public static ResilienceOptions? Read(JsonFieldReader reader, JsonFields strategy)
    {
        var r = strategy.Object("resilience", false, ScenarioFields.Of("strategies[].resilience"));
        if (r is null)
        {
            return null;
        }

        return new ResilienceOptions
        {
            Retry = ReadRetry(reader, r),
            Timeout = r.Duration("timeout"),
            CircuitBreaker = ReadBreaker(r),
        };
    }

    private static RetryOptions? ReadRetry(JsonFieldReader reader, JsonFields r)
    {
        var retry = r.Object("retry", false, ScenarioFields.Of("strategies[].resilience.retry"));
        if (retry is null)
        {
            return null;
        }

        return new RetryOptions(
            retry.Integer("maxAttempts", required: true) ?? RetryOptions.DefaultMaxAttempts,
            retry.Choice("backoff", Names.Backoffs) ?? Backoff.Constant,
            retry.Duration("delay") ?? RetryOptions.DefaultDelay,
            retry.Bool("jitter") ?? false,
            retry.Has("on") ? ReadKinds(reader, retry) : FailureKinds.Errno.ToHashSet());
    }

    private static HashSet<FailureKind> ReadKinds(JsonFieldReader reader, JsonFields retry)
    {
        var kinds = new HashSet<FailureKind>();
        foreach (var (element, path) in retry.Array("on"))
        {
            var name = element.ValueKind == System.Text.Json.JsonValueKind.String ? element.GetString()! : JsonFieldReader.Show(element);
            if (Names.Errno.TryParse(name, out var kind))
            {
                kinds.Add(kind);
            }
            else
            {
                reader.Error(path, Names.Errno.NotAllowed(name, "is not a failure PortLoad tells apart"));
            }
        }

        return kinds;
    }

    private static CircuitBreakerOptions? ReadBreaker(JsonFields r)
    {
        var b = r.Object("circuitBreaker", false, ScenarioFields.Of("strategies[].resilience.circuitBreaker"));
        if (b is null)
        {
            return null;
        }

        return new CircuitBreakerOptions(
            b.Number("failureRatio", required: true) ?? 1,
            b.Integer("minimumThroughput") ?? CircuitBreakerOptions.DefaultMinimumThroughput,
            b.Duration("samplingDuration") ?? CircuitBreakerOptions.DefaultSamplingDuration,
            b.Duration("breakDuration") ?? CircuitBreakerOptions.DefaultBreakDuration);
    }
}
