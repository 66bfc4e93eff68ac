using PortLoad.Recording;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Recording;

public class ThresholdChecksTests
{
    private static readonly PortLoad.Results.StrategyResult Sample = SampleRuns.Create().Summary.Strategies[0];

    /// <summary>The names a scenario may use are the figures summary.json has: the list cannot drift from the model.</summary>
    [TestCaseSource(typeof(ThresholdMetrics), nameof(ThresholdMetrics.Summary))]
    public void Value_EveryMetricName_IsAFigureOfSummaryJson(string metric) =>
        Assert.That(ThresholdChecks.Value(Sample, metric), Is.Not.Null, $"{metric} is not a number in a strategy's summary.json entry");

    [Test]
    public void Value_ReadsByPath_AndWorksOutThePeakRatio()
    {
        Assert.That(ThresholdChecks.Value(Sample, "failures.EADDRNOTAVAIL"), Is.EqualTo(12));
        Assert.That(ThresholdChecks.Value(Sample, "latencyMs.p99"), Is.EqualTo(2.75));
        Assert.That(ThresholdChecks.Value(Sample, ThresholdMetrics.TimeWaitPeakRatio), Is.EqualTo(0.87), "87 of 100 ports");
        Assert.That(ThresholdChecks.Value(Sample with { FirstFailureSeconds = null }, "firstFailureSeconds"), Is.Null);
    }

    [Test]
    public void Evaluate_EveryStrategy_OneVerdictEach_AndNoValuePasses()
    {
        var pooled = Sample with { Name = "pooled", FirstFailureSeconds = null };
        ThresholdOptions[] thresholds =
        [
            new("*", "firstFailureSeconds", Max: null, Min: 60),
            new("pooled", "requests.succeeded", Max: 100, Min: 87),
        ];

        var verdicts = ThresholdChecks.Evaluate(thresholds, [Sample, pooled]);

        Assert.That(verdicts.Select(v => (v.Strategy, v.Metric, v.Value, v.Passed)), Is.EqualTo(new[]
        {
            ("per-request", "firstFailureSeconds", (double?)1.25, false),
            ("pooled", "firstFailureSeconds", (double?)null, true),
            ("pooled", "requests.succeeded", (double?)87, true),
        }));
        Assert.That(verdicts[0].Bound, Is.EqualTo("per-request: firstFailureSeconds >= 60"));
    }
}
