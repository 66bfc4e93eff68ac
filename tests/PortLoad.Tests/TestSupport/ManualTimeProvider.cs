namespace PortLoad.Tests.TestSupport;

/// <summary>
/// A clock that moves only when told to. Its timestamp frequency is odd on purpose (as YARP's test
/// clock does), to catch code that assumes ticks are nanoseconds or 100 ns units. The load runner's
/// tests keep it instead of Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider (which the
/// recorder's tests use): the fake's frequency is fixed at 100 ns ticks, and it cannot say when the code
/// under test is waiting on a timer (<see cref="TimersPendingAsync"/>), which pacing tests need.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    public const long Frequency = 1_000_003;
    private readonly object _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks = 5 * Frequency;
    private TaskCompletionSource _timerSet = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override long TimestampFrequency => Frequency;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + Now;

    public TimeSpan Now => TimeSpan.FromSeconds((double)GetTimestamp() / Frequency);

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order; returns how many fired.</summary>
    public int Advance(TimeSpan by)
    {
        var fired = 0;
        long target;
        lock (_lock)
        {
            target = _ticks + (long)(by.TotalSeconds * Frequency);
        }

        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _ticks = target;
                    return fired;
                }

                _ticks = Math.Max(_ticks, next.DueAt);
                next.Reschedule(_ticks);
            }

            next.Fire();
            fired++;
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are pending: the code under test is waiting on this clock.</summary>
    public async Task TimersPendingAsync(int count)
    {
        while (true)
        {
            Task set;
            lock (_lock)
            {
                if (_timers.Count >= count)
                {
                    return;
                }

                set = _timerSet.Task;
            }

            await set.ConfigureAwait(false);
        }
    }

    // Called under the lock whenever a timer is set.
    private void OnTimerSet()
    {
        var waiting = _timerSet;
        _timerSet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.TrySetResult();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period;

        public long DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                _period = period == Timeout.InfiniteTimeSpan ? 0 : (long)Math.Ceiling(period.TotalSeconds * Frequency);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    // Rounded up, as a real timer never fires early.
                    DueAt = owner._ticks + (long)Math.Ceiling(dueTime.TotalSeconds * Frequency);
                    owner._timers.Add(this);
                    owner.OnTimerSet();
                }
            }

            return true;
        }

        // Called under the owner's lock when the timer fires at 'now'.
        public void Reschedule(long now)
        {
            owner._timers.Remove(this);
            if (_period > 0)
            {
                DueAt = now + _period;
                owner._timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
