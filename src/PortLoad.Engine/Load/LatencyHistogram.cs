using HdrHistogram;

namespace PortLoad.Load;

/// <summary>
/// Latencies in microseconds, recorded into an HdrHistogram (Gil Tene's High Dynamic Range histogram,
/// the one wrk2 uses): exact to <c>significantDigits</c> across the whole range, mergeable, and written
/// as a .hgrm percentile distribution that wrk2's and HdrHistogram's plotters read. Values above the
/// highest trackable value are counted at it (HdrHistogram itself would throw).
/// </summary>
public sealed class LatencyHistogram
{
    private readonly HistogramBase _recorded;
    private long _pendingMicros = -1;
    private long _pendingCount;
    private long _clamped;
    private long _maxMicros;
    private readonly bool _singleThreaded;

    /// <param name="significantDigits">3 (0.1%) for a whole run; 1 (10%, about 2 KB) for the per-interval figures a chart plots.</param>
    /// <param name="singleThreaded">The simulator records from one thread: no atomic counts.</param>
    public LatencyHistogram(TimeSpan highest, int significantDigits = 3, bool singleThreaded = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(highest, TimeSpan.FromMilliseconds(1));
        HighestMicros = (long)highest.TotalMicroseconds;
        _singleThreaded = singleThreaded;
        _recorded = (singleThreaded, significantDigits >= 3) switch
        {
            (true, true) => new LongHistogram(HighestMicros, significantDigits),
            (true, false) => new IntHistogram(HighestMicros, significantDigits),
            (false, true) => new LongConcurrentHistogram(1, HighestMicros, significantDigits),
            (false, false) => new IntConcurrentHistogram(1, HighestMicros, significantDigits),
        };
    }

    public long HighestMicros { get; }

    public long Count => Histogram.TotalCount;

    /// <summary>Values recorded above <see cref="HighestMicros"/> (counted at the maximum).</summary>
    public long Clamped => Interlocked.Read(ref _clamped);

    /// <summary>The largest value recorded, exactly (HdrHistogram keeps only its bucket).</summary>
    public TimeSpan Max
    {
        get
        {
            Flush();
            return TimeSpan.FromMicroseconds(Interlocked.Read(ref _maxMicros));
        }
    }

    public void Record(TimeSpan latency) => RecordMicros((long)latency.TotalMicroseconds);

    public void RecordMicros(long micros)
    {
        if (micros > HighestMicros)
        {
            Interlocked.Increment(ref _clamped);
            micros = HighestMicros;
        }

        micros = Math.Max(0, micros);
        if (!_singleThreaded)
        {
            _recorded.RecordValue(micros);
            AtomicMax.Raise(ref _maxMicros, micros);
            return;
        }

        // One thread (the simulator) records runs of equal values: counted here, recorded once with their count.
        if (micros != _pendingMicros)
        {
            Flush();
            _pendingMicros = micros;
        }

        _pendingCount++;
    }

    /// <summary>The histogram, with every value recorded so far in it.</summary>
    private HistogramBase Histogram
    {
        get
        {
            Flush();
            return _recorded;
        }
    }

    private void Flush()
    {
        if (_pendingCount == 0)
        {
            return;
        }

        _recorded.RecordValueWithCount(_pendingMicros, _pendingCount);
        RecordMax(_pendingMicros);
        _pendingCount = 0;
    }

    private void RecordMax(long micros)
    {
        if (!_singleThreaded)
        {
            AtomicMax.Raise(ref _maxMicros, micros);
        }
        else if (micros > _maxMicros)
        {
            _maxMicros = micros;
        }
    }

    /// <summary>
    /// The histogram, or a copy while it may be recorded into: HdrHistogram's walks over its values (encoding,
    /// iterating) throw when a count changes under them, and a running strategy's requests end on many threads.
    /// </summary>
    private HistogramBase Stable()
    {
        if (Histogram is not (LongConcurrentHistogram or IntConcurrentHistogram))
        {
            return Histogram;
        }

        var copy = new LongHistogram(HighestMicros, Histogram.NumberOfSignificantValueDigits);
        copy.Add(Histogram);
        return copy;
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> % of the values lie; null when empty.</summary>
    public TimeSpan? Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return null;
        }

        // The bucket's highest equivalent value, never above the largest value actually seen.
        return TimeSpan.FromMicroseconds(Math.Min(Histogram.GetValueAtPercentile(percentile), Interlocked.Read(ref _maxMicros)));
    }

    /// <summary>Adds every value of <paramref name="other"/> (exactly: same buckets, counts summed).</summary>
    public void Add(LatencyHistogram other)
    {
        Histogram.Add(other.Histogram);
        Interlocked.Add(ref _clamped, other.Clamped);
        RecordMax((long)other.Max.TotalMicroseconds);
    }

    /// <summary>Each value recorded, in microseconds (its bucket's middle: within the histogram's precision), with its count.</summary>
    public IEnumerable<(long Micros, long Count)> Values()
    {
        var stable = Stable();
        return stable.RecordedValues().Select(v => (stable.MedianEquivalentValue(v.ValueIteratedTo), v.CountAtValueIteratedTo));
    }

    /// <summary>The histograms added up exactly; null when there are none.</summary>
    public static LatencyHistogram? Merge(IEnumerable<LatencyHistogram?> histograms)
    {
        LatencyHistogram? merged = null;
        foreach (var histogram in histograms.OfType<LatencyHistogram>())
        {
            merged ??= new LatencyHistogram(TimeSpan.FromMicroseconds(histogram.HighestMicros));
            merged.Add(histogram);
        }

        return merged;
    }

    /// <summary>
    /// The histogram itself in HdrHistogram's log format (.hlog: every bucket, compressed, base64), from which
    /// <see cref="FromLogs"/> rebuilds it exactly: what merging segments' results needs, where .hgrm has only percentiles.
    /// </summary>
    public string ToLog()
    {
        using var stream = new MemoryStream();
        HistogramLogWriter.Write(stream, DateTime.UnixEpoch, Stable());

        // The writer writes UTF-16 with a byte-order mark; the text is kept (and written out) as plain text.
        stream.Position = 0;
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The histograms in <paramref name="logs"/> (<see cref="ToLog"/> or <see cref="ToCompressed"/> texts) added up exactly, tracking as high as the
    /// highest of them (a far higher bound makes a histogram HdrHistogram cannot decode again); null when there are none.
    /// </summary>
    public static LatencyHistogram? FromLogs(IEnumerable<string> logs)
    {
        var histograms = logs.SelectMany(Read).ToList();
        if (histograms.Count == 0)
        {
            return null;
        }

        var merged = new LatencyHistogram(TimeSpan.FromMicroseconds(Math.Max(1000, histograms.Max(h => h.HighestTrackableValue))));
        foreach (var histogram in histograms)
        {
            merged.Histogram.Add(histogram);
            merged.RecordMax(Math.Min(histogram.GetMaxValue(), merged.HighestMicros));
        }

        return merged;
    }

    /// <summary>Null when <paramref name="log"/> holds a histogram <see cref="FromLogs"/> reads, else what is wrong with it (a damaged .hlog).</summary>
    public static string? LogProblem(string log)
    {
        try
        {
            return FromLogs([log]) is null ? "holds no histogram" : null;
        }
#pragma warning disable CA1031 // HdrHistogram's decoder throws whatever it meets in bad input (FormatException, IndexOutOfRangeException, ...): each is the same answer.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return $"not a histogram HdrHistogram can read ({e.Message})";
        }
    }

    /// <summary>
    /// The histogram compressed, as in an .hlog line without the line (HdrHistogram's V2 form, base64: a few KB), for
    /// sending it often; <see cref="FromLogs"/> reads it too.
    /// </summary>
    public string ToCompressed() => HistogramCodec.Encode(Stable());

    // An .hlog's data lines ("[Tag=...,]start,interval,max,histogram"), each histogram its last field; '#' and '"' start
    // its header lines. Read here, not with HdrHistogram's HistogramLogReader, which fails on large histograms (HistogramCodec).
    private static List<HistogramBase> Read(string log) =>
        [.. log.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] is not ('#' or '"')).Select(l => HistogramCodec.Decode(l[(l.LastIndexOf(',') + 1)..]))];

    /// <summary>The percentile distribution in HdrHistogram's .hgrm text format, values in milliseconds.</summary>
    public string ToHgrm()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Histogram.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 5, outputValueUnitScalingRatio: 1000.0);
        return writer.ToString();
    }
}
