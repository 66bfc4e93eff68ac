using PortLoad.Load;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>A resilience pipeline in virtual time: attempts and their outcomes as events in time order, retried after their backoff, passed or rejected by the circuit breaker.</summary>
internal sealed partial class StrategySimulation
{
    private bool Resilient => _retry is not null || _breaker is not null;

    /// <summary>Handles attempts starting and ending up to <paramref name="limit"/>, in time order.</summary>
    private void Drain(double limit)
    {
        while (_pending.TryPeek(out var pending, out var at) && at <= limit)
        {
            _pending.Dequeue();
            if (pending.Ended)
            {
                AttemptEnded(pending, at);
            }
            else
            {
                StartAttempt(pending, at);
            }
        }
    }

    private void StartAttempt(Pending request, double at)
    {
        ProcessUntil(at);
        if (request.Attempt == 1)
        {
            _recorder.OnAttempt(request.Scheduled);
        }

        if (_breaker is not null && !_breaker.TryPass(at))
        {
            Finish(request with { Attempt = request.Attempt - 1, Outcome = FailureKind.CircuitOpen }, at);
            return;
        }

        var (outcome, done) = _strategy.Pooled ? Pooled(at) : PerRequest(at);
        _pending.Enqueue(request with { Outcome = outcome, Ended = true }, done);
    }

    private void AttemptEnded(Pending request, double at)
    {
        ProcessUntil(at);
        _clock.Set(at);
        if (_breaker?.Record(request.Outcome != FailureKind.None, at) == true)
        {
            _recorder.OnBreakerOpened();
        }

        if (_retry is { } retry && retry.Retries(request.Attempt, request.Outcome))
        {
            var delay = retry.DelayBefore(request.Attempt, _random);
            _recorder.OnRetry(delay);
            _pending.Enqueue(request with { Attempt = request.Attempt + 1, Ended = false }, at + delay.TotalSeconds);
            return;
        }

        Finish(request, at);
    }

    private void Finish(Pending request, double at)
    {
        Complete(request.Scheduled, request.Outcome, at);
        _recorder.OnRequestEnded(request.Attempt, request.Outcome, _retry?.Exhausted(request.Attempt, request.Outcome) == true);
        if (at < request.CopyEnd)
        {
            // A closed-model copy sends its next request as soon as this one ends.
            _pending.Enqueue(new Pending(VirtualClock.Ticks(at), 1, request.CopyEnd, FailureKind.None), at);
        }
    }

    /// <summary>
    /// A request's attempt, starting or (<paramref name="Ended"/>) ending with <paramref name="Outcome"/>;
    /// <paramref name="CopyEnd"/> is when its closed-model copy stops sending (NaN in an open model).
    /// </summary>
    private readonly record struct Pending(long Scheduled, int Attempt, double CopyEnd, FailureKind Outcome, bool Ended = false);
}
