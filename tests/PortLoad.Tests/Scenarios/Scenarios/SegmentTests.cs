using PortLoad.Load;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Scenarios;

public class SegmentTests
{
    [TestCase("0/1", 0, 1)]
    [TestCase("2/3", 2, 3)]
    public void Parse_TakesIndexOverCount(string text, int index, int count)
    {
        Assert.That(Segment.Parse(text, out var error), Is.EqualTo(new Segment(index, count)));
        Assert.That(error, Is.Null);
    }

    [TestCase("3/3")]
    [TestCase("1")]
    [TestCase("-1/3")]
    [TestCase("0/0")]
    [TestCase("0/1001")]
    [TestCase("a/b")]
    public void Parse_RejectsWhatIsNotAShare_SayingWhatIsAllowed(string text)
    {
        Assert.That(Segment.Parse(text, out var error), Is.Null);
        Assert.That(error, Does.Contain("i/N").And.Contain(text));
    }

    [Test]
    public void Of_DividesRates_DealsOutCopiesAndHeldConnections_KeepsTheTimeline()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "t", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "load": [ { "inject": { "rate": 300, "during": "2s" } }, { "rampInject": { "from": 0, "to": 90, "during": "3s" } },
                        { "keepConstant": { "copies": 7, "during": "1s" } }, { "keepConstant": { "copies": 1, "during": "1s" } },
                        { "hold": { "connections": 1000, "openRate": 500, "during": "1s" } }, { "pause": { "during": "1s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request" } ] }
            """);

        var parts = Enumerable.Range(0, 3).Select(i => new Segment(i, 3).Of(scenario)).ToList();

        Assert.That(parts.Select(p => ((InjectPhase)p.Load[0]).Rate), Is.All.EqualTo(100));
        Assert.That(parts.Select(p => ((RampInjectPhase)p.Load[1]).To), Is.All.EqualTo(30));
        Assert.That(parts.Select(p => ((KeepConstantPhase)p.Load[2]).Copies), Is.EqualTo(new[] { 3, 2, 2 }));
        Assert.That(parts.Select(p => p.Load[3].GetType()), Is.EqualTo(new[] { typeof(KeepConstantPhase), typeof(PausePhase), typeof(PausePhase) }), "one copy: the others pause");
        Assert.That(parts.Sum(p => ((HoldPhase)p.Load[4]).Connections), Is.EqualTo(1000));
        Assert.That(parts.Select(p => new LoadTimeline(p.Load).Duration), Is.All.EqualTo(new LoadTimeline(scenario.Load).Duration), "segments keep the same clock");
        var whole = new LoadTimeline(scenario.Load).ScheduledBetween(TimeSpan.Zero, TimeSpan.FromSeconds(20));
        var summed = parts.Sum(p => new LoadTimeline(p.Load).ScheduledBetween(TimeSpan.Zero, TimeSpan.FromSeconds(20)));
        Assert.That(summed, Is.EqualTo(whole).Within(3), "the shares add up to the whole schedule (one rounding per segment and phase)");
    }
}
