using PortLoad.Planning;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Planning;

public class PlanReportTests
{
    /// <summary>A plan of one strategy over 1 and 10 instances at 5 and 50/s, where only 10 x 50/s fails (after 90 s).</summary>
    internal static FleetPlan Sample(string strategy = "s")
    {
        PlanCell Cell(int n, double rate, double? first) => new(strategy, n, rate, first, first is null ? 0 : 0.25, first is null ? null : "NAT ports (x): 100 ports", 0, 600) { HorizonSeconds = 3_600 };
        return new FleetPlan("fleet", new PlanGrid([1, 10], [5, 50], TimeSpan.FromHours(1)), [Cell(1, 5, null), Cell(1, 50, null), Cell(10, 5, null), Cell(10, 50, 90)], ScenarioInstances: 10, ScenarioRate: 5);
    }

    [TestCase(null, TimeToFailure.Never, "never")]
    [TestCase(59.6, TimeToFailure.Seconds, "60s")]
    [TestCase(60.0, TimeToFailure.Minutes, "60s")]
    [TestCase(7_199.0, TimeToFailure.Hours, "120m")]
    [TestCase(7_200.0, TimeToFailure.Hours, "2h")]
    [TestCase(86_400.0, TimeToFailure.Days, "24h")]
    [TestCase(259_200.0, TimeToFailure.Days, "3d")]
    public void Band_AndShort(double? seconds, TimeToFailure band, string text) =>
        Assert.That((PlanReport.Band(seconds), PlanReport.Short(seconds)), Is.EqualTo((band, text)));

    [Test]
    public void Answers_Frontier_AndJudgedThresholds()
    {
        var plan = Sample();

        Assert.That(plan.MaxInstances("s"), Is.EqualTo(10), "at the scenario's 5/s");
        Assert.That(plan.MaxRatePerInstance("s"), Is.EqualTo(5), "with the scenario's 10 instances");
        Assert.That(plan.Frontier("s"), Is.EqualTo(new[] { (5.0, 10), (50.0, 1) }));
        var verdicts = plan.Judge(
        [
            new ThresholdOptions("*", ThresholdMetrics.PlanMaxInstances, Max: null, Min: 20),
            new ThresholdOptions("s", ThresholdMetrics.PlanMaxRatePerInstance, Max: null, Min: 5),
            new ThresholdOptions("*", "failures.EADDRNOTAVAIL", Max: 0, Min: null),
        ]);
        Assert.That(verdicts.Select(v => (v.Metric, v.Value, v.Passed)), Is.EqualTo(new[]
        {
            (ThresholdMetrics.PlanMaxInstances, (double?)10, false),
            (ThresholdMetrics.PlanMaxRatePerInstance, (double?)5, true),
        }), "a run's figure is not the plan's to judge");
    }

    [Test]
    public void Markdown_AGridRowPerFleet_LargestFirst_AndWhatBinds()
    {
        var text = PlanReport.Markdown(Sample());

        Assert.That(text, Does.Contain("| instances | 5/s | 50/s |\n| --- | --- | --- |\n| 10 | never | 90s, 25% failed* |\n| 1 | never | never |\n"));
        Assert.That(text, Does.Contain("- NAT ports (x): 100 ports: 1 cell(s), from 10 instance(s) at 50/s"));
        Assert.That(text, Does.Contain("- At 5/s an instance, never fails up to 10 instance(s)"));
        Assert.That(text, Does.Contain(PlanReport.Extrapolated));
    }
}
