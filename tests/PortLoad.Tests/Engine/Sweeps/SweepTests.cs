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

        var model = global::PortLoad.Charts.Plots.Model(SweepReport.Chart(new SweepResult("s", points)));

        Assert.That(model.Series.Select(s => s.Title), Is.EqualTo(new[] { "offered (no limit)", "a", "b" }));
        Assert.That(((OxyPlot.Series.LineSeries)model.Series[1]).Points.Select(p => (p.X, p.Y)), Is.EqualTo(new[] { (10.0, 10.0), (20.0, 15.0) }));
    }

    [Test]
    public void SteadyState_SweepLimit_SustainsRangeOverTimeWait_AndSaysWhenEachRateFails()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "sweep-limit.json"));

        var steady = SteadyState.Find(scenario, [50, 100, 300], s => ScenarioSimulator.Run(s, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch));
        SteadyPoint At(string strategy, double rate) => steady.Points.Single(p => p.Strategy == strategy && p.Rate == rate);

        Assert.Multiple(() =>
        {
            Assert.That(steady.Sustainable["per-request"], Is.EqualTo(1000 / 60.0).Within(0.01), "1,000 ports / 60 s TIME_WAIT");
            Assert.That(steady.Sustainable["pooled"], Is.Null);
            Assert.That(steady.SimulatedSeconds, Is.EqualTo(180));
            Assert.That(At("per-request", 50).AchievedPerSecond, Is.EqualTo(1000 / 60.0).Within(0.5), "a burst holds 50/s; the steady state does not");
            Assert.That(At("per-request", 50).FirstFailureSeconds, Is.EqualTo(20).Within(0.1), "1,000 ports at 50/s");
            Assert.That(At("per-request", 300).FirstFailureSeconds, Is.EqualTo(1000 / 300.0).Within(0.1));
            Assert.That(At("per-request", 15).FirstFailureSeconds, Is.Null, "0.9 x sustainable: never");
            Assert.That(At("per-request", 18.33).FirstFailureSeconds, Is.Not.Null, "1.1 x sustainable: fails in the end");
            Assert.That(At("pooled", 300).AchievedPerSecond, Is.EqualTo(300).Within(1));
            Assert.That(At("pooled", 300).FirstFailureSeconds, Is.Null);
        });
    }

    [Test]
    public void Report_ShowsSustainableBesideBurst_AndTheTimeToExhaustionCurve()
    {
        SweepPoint[] points = [new(50, "p", 50, 50, 0, null), new(100, "p", 100, 100, 0, null)];
        var steady = new SteadyStateResult(180, 60, new Dictionary<string, double?> { ["p"] = 16.67 },
            [new SteadyPoint(15, "p", 15, null), new SteadyPoint(50, "p", 16.67, 20), new SteadyPoint(100, "p", 16.67, 10)]);
        var sweep = new SweepResult("s", points, 6) { Steady = steady };

        var markdown = SweepReport.Markdown(sweep);
        var chart = SweepReport.TimeToExhaustionChart(sweep);

        Assert.That(markdown, Does.Contain("| p | 16.67/s | 100/s |"));
        Assert.That(markdown, Does.Contain("| 50 | p | 50 | 0 | - | 16.67 | after 20 s |"));
        Assert.That(chart.Series.Single().Points, Is.EqualTo(new[] { (50.0, 20.0), (100.0, 10.0) }), "rates that never fail are left off a log axis");
        Assert.That(chart.Markers.Single().Label, Is.EqualTo("p: never below 16.67/s"));
        Assert.That(SweepReport.Csv(sweep).Split('\n')[1], Is.EqualTo("50,p,50,50,0,,16.67,20"));
    }
}
