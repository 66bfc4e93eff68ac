using PortLoad.Merging;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Merging;

public class SegmentMergeTests
{
    private static readonly Scenario Scenario = ScenarioJson.Parse("""
        { "name": "t", "target": { "server": "embedded", "protocol": "tcp-echo" },
          "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40999], "tcpTwReuse": 0 },
          "load": [ { "inject": { "rate": 600, "during": "5s" } } ],
          "strategies": [ { "name": "per-request", "connections": "per-request" }, { "name": "pooled", "connections": "pooled", "poolSize": 8 } ] }
        """, ScenarioLimits.Simulation);

    private static ScenarioRun Simulate(Scenario scenario, Segment segment) =>
        ScenarioSimulator.Run(segment.Of(scenario), TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch) is var run && segment.IsWhole
            ? run
            : run with { Summary = run.Summary with { Segment = segment } };

    private static List<(string, ScenarioRun)> Segments(int count) =>
        Enumerable.Range(0, count).Select(i => ($"segment-{i}", Simulate(Scenario, new Segment(i, count)))).ToList();

    [Test]
    public void ThreeSegments_AddUpToTheWholeRun_PortSpacePerSegment()
    {
        var whole = Simulate(Scenario, Segment.Whole).Summary.Strategies.ToDictionary(s => s.Name);
        var merged = SegmentMerge.Merge(Segments(3));

        Assert.That(merged.Summary.MergedSegments, Is.EqualTo(3));
        foreach (var s in merged.Summary.Strategies)
        {
            Assert.That(s.Requests.Attempted, Is.EqualTo(whole[s.Name].Requests.Attempted).Within(whole[s.Name].Requests.Attempted / 100), s.Name);
            Assert.That(s.Throughput.OfferedPerSecond, Is.EqualTo(whole[s.Name].Throughput.OfferedPerSecond).Within(0.01 * whole[s.Name].Throughput.OfferedPerSecond), s.Name);
            Assert.That(s.Segments!.Select(x => x.Segment), Is.EqualTo(new[] { "0/3", "1/3", "2/3" }));
            Assert.That(s.PortSpace, Is.EqualTo(3 * 1000), "three machines, three ranges");
        }

        // 3,000 connections through one 1,000-port range fail; through three ranges, a third each, none does.
        Assert.That(whole["per-request"].Failures[FailureKind.EADDRNOTAVAIL], Is.GreaterThan(0));
        Assert.That(merged.Summary.Strategies[0].Failures[FailureKind.EADDRNOTAVAIL], Is.Zero);
        Assert.That(merged.Summary.Strategies[1].Throughput.AchievedPerSecond, Is.EqualTo(whole["pooled"].Throughput.AchievedPerSecond).Within(0.01 * whole["pooled"].Throughput.AchievedPerSecond));
        Assert.That(merged.Summary.Strategies[0].TimeWait.Peak, Is.EqualTo(3000), "the segments' TIME_WAIT summed interval by interval");
        Assert.That(merged.Rows.Where(r => r.Strategy == "pooled").Sum(r => r.Attempted), Is.EqualTo(merged.Summary.Strategies[1].Requests.Attempted));
        Assert.That(merged.LatencyLog.Keys, Is.EquivalentTo(new[] { "per-request", "pooled" }));
        Assert.That(merged.Summary.Findings[0], Does.Contain("Merged from 3 segments"));
    }

    [Test]
    public void NotSegmentsOfOneRun_SaysWhy()
    {
        var segments = Segments(3);
        var other = Simulate(Scenario with { Name = "other" }, new Segment(2, 3));
        var unsplit = Simulate(Scenario, Segment.Whole);
        var otherSplit = Simulate(Scenario, new Segment(1, 2));

        Assert.That(() => SegmentMerge.Merge([segments[0], segments[1], ("x", other)]), Throws.TypeOf<MergeException>().With.Message.Contains("\"other\""));
        Assert.That(() => SegmentMerge.Merge([segments[0], ("whole", unsplit)]), Throws.TypeOf<MergeException>().With.Message.Contains("--segment"));
        Assert.That(() => SegmentMerge.Merge([segments[0], ("half", otherSplit)]), Throws.TypeOf<MergeException>().With.Message.Contains("different splits"));
        Assert.That(() => SegmentMerge.Merge([segments[0], segments[0]]), Throws.TypeOf<MergeException>().With.Message.Contains("twice"));
        Assert.That(() => SegmentMerge.Merge([]), Throws.TypeOf<MergeException>());
    }
}
