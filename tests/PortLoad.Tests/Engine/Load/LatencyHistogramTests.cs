using FsCheck;
using FsCheck.Fluent;
using PortLoad.Load;

namespace PortLoad.Tests.Load;

public class LatencyHistogramTests
{
    [Test]
    public void Percentile_Empty_IsNull() =>
        Assert.That(new LatencyHistogram(TimeSpan.FromSeconds(1)).Percentile(50), Is.Null);

    [Test]
    public void Percentile_OneToThousandMicros_IsWithinPrecision()
    {
        var histogram = new LatencyHistogram(TimeSpan.FromSeconds(1));
        for (var i = 1; i <= 1000; i++)
        {
            histogram.RecordMicros(i);
        }

        Assert.That(histogram.Percentile(50)!.Value.TotalMicroseconds, Is.EqualTo(500));
        Assert.That(histogram.Percentile(99)!.Value.TotalMicroseconds, Is.EqualTo(990));
        Assert.That(histogram.Percentile(100)!.Value.TotalMicroseconds, Is.EqualTo(1000));
        Assert.That(histogram.Max, Is.EqualTo(TimeSpan.FromMicroseconds(1000)));
    }

    [Test]
    public void Record_AboveHighest_IsClampedAndCounted()
    {
        var histogram = new LatencyHistogram(TimeSpan.FromMilliseconds(10));

        histogram.Record(TimeSpan.FromSeconds(5));

        Assert.That(histogram.Clamped, Is.EqualTo(1));
        Assert.That(histogram.Percentile(50), Is.EqualTo(TimeSpan.FromMilliseconds(10)));
    }

    [Test]
    public void Add_MergesExactly_AsIfEveryValueWentIntoOne()
    {
        var first = new LatencyHistogram(TimeSpan.FromMinutes(1));
        var second = new LatencyHistogram(TimeSpan.FromMinutes(1));
        var union = new LatencyHistogram(TimeSpan.FromMinutes(1));
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var micros = (long)(Math.Exp(random.NextDouble() * 14) * 10);
            (i % 3 == 0 ? first : second).RecordMicros(micros);
            union.RecordMicros(micros);
        }

        first.Add(second);

        Assert.That(first.Count, Is.EqualTo(union.Count));
        Assert.That(new[] { 50.0, 90, 99, 99.9, 100 }.Select(p => first.Percentile(p)), Is.EqualTo(new[] { 50.0, 90, 99, 99.9, 100 }.Select(p => union.Percentile(p))));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ALargeHistogram_RoundTripsExactly(bool compressedOnly)
    {
        // A million requests from 20 µs to 0.4 s: thousands of distinct buckets, where HdrHistogram.NET 2.5.0's own
        // reader fails ("The buffer does not contain the indicated payload amount"; its issue #99).
        var histogram = new LatencyHistogram(TimeSpan.FromMinutes(5));
        var random = new Random(1);
        for (var i = 0; i < 1_000_000; i++)
        {
            histogram.RecordMicros((long)(Math.Exp(random.NextDouble() * 10) * 20));
        }

        var back = LatencyHistogram.FromLogs([compressedOnly ? histogram.ToCompressed() : histogram.ToLog()])!;

        Assert.That(back.Count, Is.EqualTo(histogram.Count));
        Assert.That(back.Values(), Is.EqualTo(histogram.Values()), "every bucket's count");
    }

    [Test]
    public void Values_AreEachBucketsMiddleAndCount()
    {
        var histogram = new LatencyHistogram(TimeSpan.FromMinutes(1));
        foreach (var micros in new long[] { 100, 100, 250_000, 250_000, 250_000 })
        {
            histogram.RecordMicros(micros);
        }

        Assert.That(histogram.Values(), Is.EqualTo(new[] { (100L, 2L), (250_048L, 3L) }), "250,000 µs is in the 128 µs bucket from 249,984 at 3 digits");
    }

    [Test]
    public async Task ToLogAndValues_WhileRequestsEndOnOtherThreads_NeverThrow()
    {
        // A running strategy's histogram is read (the child's snapshots, the Meter's durations) while it is recorded into:
        // HdrHistogram's own walks throw "Source has been modified during enumeration" when a count changes under them.
        var histogram = new LatencyHistogram(TimeSpan.FromMinutes(5));
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (var i = 0L; !stop.IsCancellationRequested && i < 50_000_000; i++)
            {
                histogram.RecordMicros(1 + (i * 7919 % 400_000));
            }
        })).ToList();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.That(() => LatencyHistogram.FromLogs([histogram.ToLog()]), Throws.Nothing);
                Assert.That(() => histogram.Values().Sum(v => v.Count), Throws.Nothing);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.That(histogram.Values().Sum(v => v.Count), Is.EqualTo(histogram.Count), "at rest, every value is there");
    }

    [Test]
    public void ToHgrm_IsHdrHistogramsPercentileDistribution_InMilliseconds_InAnyCulture()
    {
        var histogram = new LatencyHistogram(TimeSpan.FromSeconds(10));
        for (var i = 1; i <= 1000; i++)
        {
            histogram.RecordMicros(i * 1000);
        }

        var hgrm = histogram.ToHgrm();
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        string german;
        try
        {
            german = histogram.ToHgrm();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }

        var lines = hgrm.Split('\n');
        Assert.That(lines[0], Does.Contain("Value").And.Contain("Percentile").And.Contain("TotalCount"));
        Assert.That(lines.Single(l => l.StartsWith("#[Max", StringComparison.Ordinal)), Does.Match(@"=\s+1000\.\d+"), "values in ms");
        Assert.That(lines.Single(l => l.StartsWith("#[Max", StringComparison.Ordinal)), Does.Match(@"Total count\s+=\s+1000\]"));
        Assert.That(german, Is.EqualTo(hgrm));
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Percentile_IsWithinRelativePrecisionOfExact(NonEmptyArray<PositiveInt> values, byte percentileSeed)
    {
        var micros = values.Get.Select(v => (long)v.Get % 60_000_000).ToArray();
        var histogram = new LatencyHistogram(TimeSpan.FromMinutes(1));
        foreach (var v in micros)
        {
            histogram.RecordMicros(v);
        }

        var percentile = percentileSeed % 101;
        var sorted = micros.Order().ToArray();
        // HdrHistogram's rank: the nearest one, (p / 100 x n) rounded half up, at least the first.
        var exact = sorted[Math.Max(1, (long)((sorted.Length * percentile / 100.0) + 0.5)) - 1];
        var reported = histogram.Percentile(percentile)!.Value.TotalMicroseconds;

        return (reported >= exact && reported <= exact + Math.Max(1, exact / 1000.0)).ToProperty();
    }

    [Test]
    public void SingleThreaded_RunsOfEqualValues_AreTheSameHistogramAsOneByOne()
    {
        // The simulator's histograms count a run of equal values and record it once: nothing may differ for readers.
        var single = new LatencyHistogram(TimeSpan.FromSeconds(1), singleThreaded: true);
        var shared = new LatencyHistogram(TimeSpan.FromSeconds(1));
        long[] values = [1030, 1030, 1030, 5, 5, 999_000, 1030, 2_000_000, 2_000_000, 7];
        foreach (var value in values)
        {
            single.RecordMicros(value);
            shared.RecordMicros(value);
        }

        Assert.That(single.Values(), Is.EqualTo(shared.Values()));
        Assert.That((single.Count, single.Max, single.Clamped, single.Percentile(50)), Is.EqualTo((shared.Count, shared.Max, shared.Clamped, shared.Percentile(50))));
        single.RecordMicros(3);
        Assert.That(single.Count, Is.EqualTo(values.Length + 1), "a value recorded after a read is counted too");
    }
}
