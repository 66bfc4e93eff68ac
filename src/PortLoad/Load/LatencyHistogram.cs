using System.Numerics;

namespace PortLoad.Load;

/// <summary>
/// A thread-safe log-linear latency histogram with an explicit maximum, in microseconds:
/// each power of two is split into <c>2^precisionBits</c> buckets, so the relative error of a
/// percentile is below <c>2^-precisionBits</c>. Values above the maximum are clamped to it and counted.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly int _precisionBits;
    private readonly int _subBuckets;
    private readonly long[] _counts;
    private readonly bool _singleThreaded;
    private long _maxMicros;
    private long _clamped;

    public LatencyHistogram(TimeSpan highest, int precisionBits = 6, bool singleThreaded = false)
    {
        _singleThreaded = singleThreaded;
        ArgumentOutOfRangeException.ThrowIfLessThan(precisionBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precisionBits, 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(highest, TimeSpan.FromMilliseconds(1));
        _precisionBits = precisionBits;
        _subBuckets = 1 << precisionBits;
        HighestMicros = (long)highest.TotalMicroseconds;
        _counts = new long[IndexOf(HighestMicros) + 1];
    }

    public long HighestMicros { get; }

    /// <summary>Values recorded; summed on demand, so recording touches one counter only.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>Values recorded above <see cref="HighestMicros"/> (counted at the maximum).</summary>
    public long Clamped => Interlocked.Read(ref _clamped);

    public TimeSpan Max => TimeSpan.FromMicroseconds(Interlocked.Read(ref _maxMicros));

    public void Record(TimeSpan latency) => RecordMicros((long)latency.TotalMicroseconds);

    public void RecordMicros(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        if (micros > HighestMicros)
        {
            Interlocked.Increment(ref _clamped);
            micros = HighestMicros;
        }

        if (_singleThreaded)
        {
            _counts[IndexOf(micros)]++;
            _maxMicros = Math.Max(_maxMicros, micros);
            return;
        }

        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        RecordMax(micros);
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> % of the values lie; null when empty.</summary>
    public TimeSpan? Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var total = Count;
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(total * percentile / 100));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                var micros = Math.Min(UpperBoundOf(i), Interlocked.Read(ref _maxMicros));
                return TimeSpan.FromMicroseconds(micros);
            }
        }

        return Max;
    }

    private void RecordMax(long micros)
    {
        long seen;
        while (micros > (seen = Interlocked.Read(ref _maxMicros))
               && Interlocked.CompareExchange(ref _maxMicros, micros, seen) != seen)
        {
        }
    }

    // Values below 2^precisionBits map one to one; above, each octave has _subBuckets buckets.
    private int IndexOf(long micros)
    {
        if (micros < _subBuckets)
        {
            return (int)micros;
        }

        var octave = BitOperations.Log2((ulong)micros) - _precisionBits;
        var sub = (int)(micros >> octave) - _subBuckets;
        return ((octave + 1) * _subBuckets) + sub;
    }

    private long UpperBoundOf(int index)
    {
        if (index < _subBuckets)
        {
            return index;
        }

        var octave = (index / _subBuckets) - 1;
        var sub = index % _subBuckets;
        return ((long)(sub + _subBuckets + 1) << octave) - 1;
    }
}
