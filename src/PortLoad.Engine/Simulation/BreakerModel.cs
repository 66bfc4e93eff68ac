using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>
/// Polly's circuit breaker in virtual time: closed, it keeps attempts' outcomes in ten windows
/// spanning the sampling duration and opens when enough ended and enough of those failed; open, it
/// rejects attempts for the break duration; then it lets one attempt through (half-open), whose
/// outcome closes it again or reopens it.
/// </summary>
internal sealed class BreakerModel(CircuitBreakerOptions options)
{
    private const int Windows = 10;
    private readonly Queue<Window> _windows = new();
    private readonly double _windowSeconds = options.SamplingDuration.TotalSeconds / Windows;
    private State _state = State.Closed;
    private double _blockedUntil;
    private Window? _current;

    private enum State
    {
        Closed,
        Open,
        HalfOpen,
    }

    /// <summary>Whether an attempt at <paramref name="now"/> may go through.</summary>
    public bool TryPass(double now)
    {
        if (_state == State.Closed || (_state == State.Open && now >= _blockedUntil))
        {
            if (_state == State.Open)
            {
                // The probe: everything else waits another break duration or its outcome.
                _state = State.HalfOpen;
                _blockedUntil = now + options.BreakDuration.TotalSeconds;
            }

            return true;
        }

        return false;
    }

    /// <summary>Records an attempt's outcome; true when that opened the breaker.</summary>
    public bool Record(bool failed, double now)
    {
        if (_state == State.HalfOpen)
        {
            if (failed)
            {
                return Open(now);
            }

            _state = State.Closed;
            _windows.Clear();
            return false;
        }

        var (throughput, failures) = Add(failed, now);
        var breaks = _state == State.Closed && failed && throughput >= options.MinimumThroughput
            && failures >= options.FailureRatio * throughput;
        return breaks && Open(now);
    }

    private bool Open(double now)
    {
        _state = State.Open;
        _blockedUntil = now + options.BreakDuration.TotalSeconds;
        return true;
    }

    private (long Throughput, long Failures) Add(bool failed, double now)
    {
        while (_windows.TryPeek(out var oldest) && oldest.Start <= now - options.SamplingDuration.TotalSeconds)
        {
            _windows.Dequeue();
        }

        if (_current is null || _windows.Count == 0 || _current.Start + _windowSeconds <= now)
        {
            _current = new Window(now);
            _windows.Enqueue(_current);
        }

        _current.Total++;
        _current.Failures += failed ? 1 : 0;
        long total = 0, failures = 0;
        foreach (var w in _windows)
        {
            total += w.Total;
            failures += w.Failures;
        }

        return (total, failures);
    }

    private sealed class Window(double start)
    {
        public double Start { get; } = start;

        public long Total { get; set; }

        public long Failures { get; set; }
    }
}
