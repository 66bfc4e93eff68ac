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

        Assert.That(histogram.Percentile(50)!.Value.TotalMicroseconds, Is.EqualTo(500).Within(500 / 64.0));
        Assert.That(histogram.Percentile(99)!.Value.TotalMicroseconds, Is.EqualTo(990).Within(990 / 64.0));
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

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Percentile_IsWithinRelativePrecisionOfExact(NonEmptyArray<PositiveInt> values, byte percentileSeed)
    {
        var micros = values.Get.Select(v => (long)v.Get % 60_000_000).ToArray();
        var histogram = new LatencyHistogram(TimeSpan.FromMinutes(1), precisionBits: 5);
        foreach (var v in micros)
        {
            histogram.RecordMicros(v);
        }

        var percentile = percentileSeed % 101;
        var sorted = micros.Order().ToArray();
        var exact = sorted[Math.Max(0, (int)Math.Ceiling(sorted.Length * percentile / 100.0) - 1)];
        var reported = histogram.Percentile(percentile)!.Value.TotalMicroseconds;

        return (reported >= exact && reported <= exact + Math.Max(1, exact / 32.0)).ToProperty();
    }
}
