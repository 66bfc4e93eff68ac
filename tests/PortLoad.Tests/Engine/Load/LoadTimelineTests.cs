using PortLoad.Load;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Load;

public class LoadTimelineTests
{
    private static readonly LoadTimeline Timeline = new(
    [
        new InjectPhase(100, TimeSpan.FromSeconds(2)),
        new PausePhase(TimeSpan.FromSeconds(1)),
        new KeepConstantPhase(4, TimeSpan.FromSeconds(1)),
        new RampInjectPhase(0, 200, TimeSpan.FromSeconds(2)),
    ]);

    [Test]
    public void Slots_AreLaidOutBackToBack()
    {
        Assert.That(Timeline.Slots.Select(s => s.Start.TotalSeconds), Is.EqualTo(new[] { 0.0, 2, 3, 4 }));
        Assert.That(Timeline.Duration, Is.EqualTo(TimeSpan.FromSeconds(6)));
    }

    [TestCase(1.0, 100.0)]
    [TestCase(2.5, 0.0)]
    [TestCase(5.0, 100.0)]
    [TestCase(7.0, 0.0)]
    public void OfferedRateAt_FollowsThePhases(double seconds, double rate) =>
        Assert.That(Timeline.OfferedRateAt(TimeSpan.FromSeconds(seconds)), Is.EqualTo(rate).Within(1e-9));

    [Test]
    public void OfferedRateAt_ClosedModel_IsUnknown() =>
        Assert.That(Timeline.OfferedRateAt(TimeSpan.FromSeconds(3.5)), Is.Null);

    [Test]
    public void ScheduledBetween_CountsAcrossPhases()
    {
        Assert.That(Timeline.ScheduledBetween(TimeSpan.Zero, Timeline.Duration), Is.EqualTo(200 + 200));
        Assert.That(Timeline.ScheduledBetween(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.25)), Is.EqualTo(25));
        Assert.That(Timeline.ScheduledBetween(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)), Is.Zero);
    }
}
