using PortLoad.Load;

namespace PortLoad.Tests.Load;

/// <summary>The .hlog a segment writes rebuilds its histogram exactly, so merged percentiles are the union's.</summary>
public class LatencyLogTests
{
    [Test]
    public void ThreeSegmentsLogs_AddedUp_GiveTheUnionsPercentiles_NotTheirAverage()
    {
        var random = new Random(7);
        var union = new LatencyHistogram(TimeSpan.FromSeconds(10));
        var segments = Enumerable.Range(0, 3).Select(_ => new LatencyHistogram(TimeSpan.FromSeconds(10))).ToList();
        for (var i = 0; i < 30_000; i++)
        {
            // Each segment its own distribution: the slow one dominates the union's tail.
            var segment = i % 3;
            var micros = (long)((segment + 1) * 200 * -Math.Log(1 - random.NextDouble()));
            segments[segment].RecordMicros(micros);
            union.RecordMicros(micros);
        }

        var merged = LatencyHistogram.FromLogs(segments.Select(s => s.ToLog()))!;

        Assert.That(merged.Count, Is.EqualTo(union.Count));
        foreach (var p in new[] { 50.0, 90, 99, 99.9 })
        {
            Assert.That(merged.Percentile(p), Is.EqualTo(union.Percentile(p)), $"p{p}");
        }

        var again = LatencyHistogram.FromLogs([merged.ToLog()])!;
        Assert.That(again.Percentile(99), Is.EqualTo(union.Percentile(99)), "a merged log merges again (merges of merges)");
        Assert.That(LatencyHistogram.FromLogs([]), Is.Null);

        var averaged = segments.Average(s => s.Percentile(99)!.Value.TotalMicroseconds);
        Assert.That(merged.Percentile(99)!.Value.TotalMicroseconds, Is.Not.EqualTo(averaged).Within(averaged * 0.05), "averaging p99s would be wrong");
    }
}
