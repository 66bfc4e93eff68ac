using PortLoad.Load;
using PortLoad.Resilience;
using PortLoad.Sampling;

namespace PortLoad.Recording;

/// <summary>
/// Collects one strategy's run: totals, failures by kind, latency (overall and per sampling
/// interval) and socket samples. Requests count in the interval in which they were due
/// (attempts) or ended (outcomes). Thread-safe: requests end on many threads at once.
/// </summary>
public sealed class RunRecorder : ILoadObserver, ILiveFigures, IResilienceObserver
{
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly double _microsPerTick;
    private readonly IntervalCounters[] _intervals;
    private readonly long[] _failures = new long[FailureKinds.All.Length + 1];
    private readonly List<SocketSample> _samples = [];
    private readonly bool _singleThreaded;
    private int _cachedIndex;
    private long _cachedFrom;
    private long _cachedTo = long.MinValue;
    private long _attempted;
    private long _succeeded;
    private long _succeededBeforeFirstFailure;
    private long _firstFailureTicks = long.MaxValue;
    private int _firstFailureKind;
    private Func<long>? _connectionsOpened;

    /// <param name="singleThreaded">True when one thread records (the simulator): no atomic operations.</param>
    public RunRecorder(TimeProvider time, TimeSpan interval, TimeSpan horizon, bool singleThreaded = false)
    {
        _singleThreaded = singleThreaded;
        _time = time;
        Interval = interval;
        _intervalTicks = Math.Max(1, (long)(interval.TotalSeconds * time.TimestampFrequency));
        _microsPerTick = 1e6 / time.TimestampFrequency;
        _intervals = new IntervalCounters[(int)Math.Ceiling(horizon / interval) + 1];
        Latency = new LatencyHistogram(LatencyCeiling, singleThreaded: singleThreaded);
        StartTimestamp = time.GetTimestamp();
    }

    public long StartTimestamp { get; private set; }

    public TimeSpan Interval { get; }

    /// <summary>The longest latency the histograms hold apart; longer ones count at this value.</summary>
    public static TimeSpan LatencyCeiling { get; } = TimeSpan.FromMinutes(5);

    public LatencyHistogram Latency { get; }

    /// <summary>Retries, backoff and circuit-breaker totals; all zero without a resilience pipeline.</summary>
    public ResilienceTally Resilience { get; } = new();

    public long Attempted => Interlocked.Read(ref _attempted);

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public long Failed => FailureKinds.All.Sum(Failures);

    public TimeSpan Elapsed => _time.GetElapsedTime(StartTimestamp);

    public long Retries => Resilience.Retries;

    public TimeSpan? P99 => Latency.Percentile(99);

    public long ConnectionsOpened => _connectionsOpened?.Invoke() ?? 0;

    /// <summary>Seconds from the start to the first failed request; null while none has failed.</summary>
    public double? FirstFailureSeconds
    {
        get
        {
            var ticks = Interlocked.Read(ref _firstFailureTicks);
            return ticks == long.MaxValue ? null : (double)ticks / _time.TimestampFrequency;
        }
    }

    /// <summary>Requests that had succeeded when the first one failed (all of them while none has).</summary>
    public long SucceededBeforeFirstFailure => FirstFailureSeconds is null ? Succeeded : Interlocked.Read(ref _succeededBeforeFirstFailure);

    public FailureKind? FirstFailureKind => FirstFailureSeconds is null ? null : (FailureKind)Volatile.Read(ref _firstFailureKind);

    public SocketSample? LastSample
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count == 0 ? null : _samples[^1];
            }
        }
    }

    public SocketCounts? LastCounts => LastSample?.Counts;

    public IReadOnlyList<SocketSample> Samples
    {
        get
        {
            lock (_samples)
            {
                return _samples.ToArray();
            }
        }
    }

    /// <summary>Reads <see cref="ConnectionsOpened"/> from <paramref name="opened"/> (the senders' own count) from now on.</summary>
    public void CountConnectionsWith(Func<long> opened) => _connectionsOpened = opened;

    /// <summary>Restarts the clock: everything is timed from here.</summary>
    public void Start()
    {
        StartTimestamp = _time.GetTimestamp();
        _cachedTo = long.MinValue;
    }

    public long Failures(FailureKind kind) => Interlocked.Read(ref _failures[(int)kind]);

    public void OnAttempt(long scheduledTimestamp)
    {
        Increment(ref _attempted);
        Increment(ref At(scheduledTimestamp).Attempted);
    }

    public void OnCompleted(long scheduledTimestamp, FailureKind outcome)
    {
        var now = _time.GetTimestamp();
        ref var interval = ref At(now);
        if (outcome == FailureKind.None)
        {
            Increment(ref _succeeded);
            Increment(ref interval.Succeeded);
            var micros = (long)((now - scheduledTimestamp) * _microsPerTick);
            Latency.RecordMicros(micros);
            interval.Latency(_singleThreaded).RecordMicros(micros);
            return;
        }

        Increment(ref _failures[(int)outcome]);
        Increment(ref interval.Failures()[(int)outcome]);
        var since = now - StartTimestamp;
        long seen;
        while (since < (seen = Interlocked.Read(ref _firstFailureTicks)))
        {
            if (Interlocked.CompareExchange(ref _firstFailureTicks, since, seen) == seen)
            {
                Volatile.Write(ref _firstFailureKind, (int)outcome);
                Interlocked.Exchange(ref _succeededBeforeFirstFailure, Interlocked.Read(ref _succeeded));
                break;
            }
        }
    }

    private void Increment(ref long counter)
    {
        if (_singleThreaded)
        {
            counter++;
        }
        else
        {
            Interlocked.Increment(ref counter);
        }
    }

    public void OnRetry(TimeSpan delay)
    {
        Increment(ref At(_time.GetTimestamp()).Retries);
        Resilience.OnRetry(delay);
    }

    public void OnBreakerOpened() => Resilience.OnBreakerOpened();

    public void OnRequestEnded(int attempts, FailureKind outcome, bool retriesExhausted) => Resilience.OnRequestEnded(attempts, outcome, retriesExhausted);

    public void OnSample(SocketCounts counts)
    {
        lock (_samples)
        {
            _samples.Add(new SocketSample(Elapsed, counts));
        }
    }

    /// <summary>The counters of interval <paramref name="index"/>.</summary>
    internal IntervalCounters IntervalAt(int index) => _intervals[index];

    internal int IntervalCount(TimeSpan elapsed) => Math.Min(_intervals.Length, (int)Math.Ceiling(elapsed / Interval));

    private ref IntervalCounters At(long timestamp)
    {
        // One thread (the simulator) mostly asks for the interval it asked for last: no division then.
        if (_singleThreaded && timestamp >= _cachedFrom && timestamp < _cachedTo)
        {
            return ref _intervals[_cachedIndex];
        }

        var index = (timestamp - StartTimestamp) / _intervalTicks;
        if (_singleThreaded && index >= 0 && index < _intervals.Length - 1)
        {
            _cachedIndex = (int)index;
            _cachedFrom = StartTimestamp + (index * _intervalTicks);
            _cachedTo = _cachedFrom + _intervalTicks;
        }

        return ref _intervals[Math.Clamp(index, 0, _intervals.Length - 1)];
    }

    internal struct IntervalCounters
    {
        public long Attempted;
        public long Succeeded;
        public long Retries;
        private long[]? _failures;
        private LatencyHistogram? _latency;

        public long[] Failures() => LazyInitializer.EnsureInitialized(ref _failures, () => new long[FailureKinds.All.Length + 1]);

        public LatencyHistogram Latency(bool singleThreaded) => _latency ?? Create(ref _latency, singleThreaded);

        private static LatencyHistogram Create(ref LatencyHistogram? slot, bool singleThreaded)
        {
            Interlocked.CompareExchange(ref slot, new LatencyHistogram(LatencyCeiling, significantDigits: 1, singleThreaded), null);
            return slot;
        }

        public readonly long FailureCount(FailureKind kind) => _failures is null ? 0 : Interlocked.Read(ref _failures[(int)kind]);

        public readonly LatencyHistogram? LatencyOrNull => _latency;
    }
}

/// <summary>Socket counts taken <see cref="At"/> into the run.</summary>
public readonly record struct SocketSample(TimeSpan At, SocketCounts Counts);
