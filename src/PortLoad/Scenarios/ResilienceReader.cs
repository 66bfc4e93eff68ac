using System.Text.Json;
using PortLoad.Connections;

namespace PortLoad.Scenarios;

/// <summary>Reads a strategy's "resilience" block, holding each option to the range Polly accepts.</summary>
internal static class ResilienceReader
{
    private static readonly Dictionary<string, Backoff> Backoffs = new()
    {
        ["constant"] = Backoff.Constant,
        ["linear"] = Backoff.Linear,
        ["exponential"] = Backoff.Exponential,
    };

    private static readonly Dictionary<string, FailureKind> Retryable = FailureKinds.Errno.ToDictionary(k => k.ToString());

    public static ResilienceOptions? Read(JsonFieldReader reader, JsonFields strategy)
    {
        var r = strategy.Object("resilience", false, "retry", "timeout", "circuitBreaker");
        if (r is null)
        {
            return null;
        }

        if (!r.Names.Any())
        {
            reader.Error(r.Path, "is empty: give at least one of retry, timeout, circuitBreaker");
        }

        return new ResilienceOptions
        {
            Retry = ReadRetry(reader, r),
            Timeout = r.Duration("timeout", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2)),
            CircuitBreaker = ReadBreaker(r),
        };
    }

    private static RetryOptions? ReadRetry(JsonFieldReader reader, JsonFields r)
    {
        var retry = r.Object("retry", false, "maxAttempts", "backoff", "delay", "jitter", "on");
        if (retry is null)
        {
            return null;
        }

        var attempts = retry.Integer("maxAttempts", 1, 100, required: true);
        var backoff = retry.Choice("backoff", Backoffs) ?? Backoff.Constant;
        var delay = retry.Duration("delay", TimeSpan.Zero, TimeSpan.FromMinutes(10)) ?? TimeSpan.FromMilliseconds(100);
        var jitter = retry.Bool("jitter") ?? false;
        var on = retry.Has("on") ? ReadKinds(reader, retry) : FailureKinds.Errno.ToHashSet();
        return attempts is { } n ? new RetryOptions(n, backoff, delay, jitter, on) : null;
    }

    private static HashSet<FailureKind> ReadKinds(JsonFieldReader reader, JsonFields retry)
    {
        var kinds = new HashSet<FailureKind>();
        foreach (var (element, path) in retry.Array("on"))
        {
            var name = element.ValueKind == JsonValueKind.String ? element.GetString()! : JsonFieldReader.Show(element);
            if (Retryable.TryGetValue(name, out var kind))
            {
                kinds.Add(kind);
                continue;
            }

            var hint = NearestName.Hint(name, Retryable.Keys);
            reader.Error(path, $"\"{name}\" is not a failure PortLoad tells apart; {hint}allowed: {string.Join(", ", Retryable.Keys)}");
        }

        return kinds;
    }

    private static CircuitBreakerOptions? ReadBreaker(JsonFields r)
    {
        var b = r.Object("circuitBreaker", false, "failureRatio", "minimumThroughput", "samplingDuration", "breakDuration");
        if (b is null)
        {
            return null;
        }

        var ratio = b.Number("failureRatio", 0, 1, minExclusive: true, required: true);
        var throughput = b.Integer("minimumThroughput", 2, 1_000_000) ?? 100;
        var sampling = b.Duration("samplingDuration", TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1)) ?? TimeSpan.FromSeconds(30);
        var breakFor = b.Duration("breakDuration", TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1)) ?? TimeSpan.FromSeconds(5);
        return ratio is { } ok ? new CircuitBreakerOptions(ok, throughput, sampling, breakFor) : null;
    }
}
