using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using PortLoad.Connections;
using PortLoad.Scenarios;

namespace PortLoad.Resilience;

/// <summary>
/// Sends each request through a Polly.Core pipeline built from a strategy's <see cref="ResilienceOptions"/>:
/// retry outermost, then the circuit breaker, then the per-attempt timeout, around the strategy's own sender.
/// </summary>
public sealed class ResilientSender : IRequestSender
{
    private readonly IRequestSender _inner;
    private readonly ResilienceOptions _options;
    private readonly IResilienceObserver _observer;
    private readonly ResiliencePipeline<FailureKind> _pipeline;

    /// <param name="random">Draws the retries' jitter: seeded, so a run can be repeated (<see cref="SeededRandom"/>).</param>
    public ResilientSender(IRequestSender inner, ResilienceOptions options, TimeProvider time, Random random, IResilienceObserver observer)
    {
        _inner = inner;
        _options = options;
        _observer = observer;
        _pipeline = Build(options, time, random, observer);
    }

    public long ConnectionsOpened => _inner.ConnectionsOpened;

    public IReadOnlyList<long> ExhaustedConnectCpu => _inner.ExhaustedConnectCpu;

    public ValueTask StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);

    public async ValueTask<FailureKind> SendAsync(CancellationToken cancellationToken)
    {
        var request = new Request(_inner);
        FailureKind outcome;
        try
        {
            outcome = await _pipeline.ExecuteAsync(static (r, token) => r.AttemptAsync(token), request, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            outcome = FailureKind.CircuitOpen;
        }
        catch (TimeoutRejectedException)
        {
            outcome = FailureKind.ETIMEDOUT;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while waiting to retry: the request ends with its last attempt's failure.
            outcome = request.LastOutcome;
        }

        _observer.OnRequestEnded(request.Attempts, outcome, _options.Retry?.Exhausted(request.Attempts, outcome) == true);
        return outcome;
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private static ResiliencePipeline<FailureKind> Build(ResilienceOptions options, TimeProvider time, Random random, IResilienceObserver observer)
    {
        var builder = new ResiliencePipelineBuilder<FailureKind> { TimeProvider = time };
        if (options.Retry is { MaxAttempts: > 1 } retry)
        {
            builder.AddRetry(new RetryStrategyOptions<FailureKind>
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && retry.On.Contains(args.Outcome.Result)),
                // The same delays the simulator draws: Polly's attempt numbers count from 0.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(retry.DelayBefore(args.AttemptNumber + 1, random)),
                OnRetry = args =>
                {
                    observer.OnRetry(args.RetryDelay);
                    return default;
                },
            });
        }

        if (options.CircuitBreaker is { } breaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<FailureKind>
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null || args.Outcome.Result != FailureKind.None),
                OnOpened = _ =>
                {
                    observer.OnBreakerOpened();
                    return default;
                },
            });
        }

        if (options.Timeout is { } timeout)
        {
            builder.AddTimeout(timeout);
        }

        return builder.Build();
    }

    /// <summary>One request's attempts through the pipeline.</summary>
    private sealed class Request(IRequestSender sender)
    {
        public int Attempts { get; private set; }

        public FailureKind LastOutcome { get; private set; } = FailureKind.ETIMEDOUT;

        public async ValueTask<FailureKind> AttemptAsync(CancellationToken token)
        {
            Attempts++;
            return LastOutcome = await sender.SendAsync(token).ConfigureAwait(false);
        }
    }
}
