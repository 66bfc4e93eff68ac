using System.Xml.Linq;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Sweeps;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Sweeps;

public class SweepTests
{
    [Test]
    public async Task Sweep_SimulatedSweepLimit_FindsThePerRequestKnee()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "sweep-limit.json"));

        var points = await Sweep.RunAsync(scenario, [50, 100, 150, 200, 250, 300],
            s => Task.FromResult(ScenarioSimulator.Run(s, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch)));
        var limits = Sweep.Limits(points);

        Assert.That(points, Has.Count.EqualTo(12));
        Assert.That(limits["per-request"], Is.EqualTo(150), "1000 ports / 6 s = 167/s: 150 holds, 200 fails");
        Assert.That(limits["pooled"], Is.EqualTo(300));
        Assert.That(points.Single(p => p.Strategy == "per-request" && p.Rate == 300).AchievedPerSecond, Is.EqualTo(1000 / 6.0).Within(0.01));
    }

    [Test]
    public void Limits_FirstRateAlreadyFails_IsNull()
    {
        SweepPoint[] points = [new(10, "s", 10, 5, 3, 1), new(20, "s", 20, 5, 9, 0.5)];

        Assert.That(Sweep.Limits(points)["s"], Is.Null);
    }

    [Test]
    public void Steps_AreEven() => Assert.That(Sweep.Steps(100, 1600, 4), Is.EqualTo(new[] { 100.0, 600, 1100, 1600 }));

    [Test]
    public void Chart_HasTheOfferedDiagonalAndOneLinePerStrategy()
    {
        SweepPoint[] points = [new(10, "a", 10, 10, 0, null), new(20, "a", 20, 15, 4, 1), new(10, "b", 10, 10, 0, null), new(20, "b", 20, 20, 0, null)];

        var model = global::PortLoad.Charts.Plots.Model(SweepReport.Chart(points));

        Assert.That(model.Series.Select(s => s.Title), Is.EqualTo(new[] { "offered (no limit)", "a", "b" }));
        Assert.That(((OxyPlot.Series.LineSeries)model.Series[1]).Points.Select(p => (p.X, p.Y)), Is.EqualTo(new[] { (10.0, 10.0), (20.0, 15.0) }));
    }
}
