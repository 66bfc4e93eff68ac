using FsCheck;
using FsCheck.Fluent;
using PortLoad.Load;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Load;

public class RateScheduleTests
{
    [Test]
    public void Inject_300PerSecondFor10s_Schedules3000EvenlySpaced()
    {
        var phase = new InjectPhase(300, TimeSpan.FromSeconds(10));

        Assert.That(RateSchedule.CountBefore(phase, phase.During), Is.EqualTo(3000));
        Assert.That(RateSchedule.DueAt(phase, 0), Is.EqualTo(TimeSpan.Zero));
        Assert.That(RateSchedule.DueAt(phase, 2999).TotalSeconds, Is.EqualTo(2999 / 300.0).Within(1e-6));
    }

    [Test]
    public void RampInject_0To100Over10s_SchedulesTheIntegral()
    {
        var phase = new RampInjectPhase(0, 100, TimeSpan.FromSeconds(10));

        // Area under a line from 0 to 100 over 10 s: 500 requests, a quarter of them in the first half.
        Assert.That(RateSchedule.CountBefore(phase, phase.During), Is.EqualTo(500));
        Assert.That(RateSchedule.CountBefore(phase, TimeSpan.FromSeconds(5)), Is.EqualTo(125));
    }

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property Ramp_RequestKIsDueWhenKAreBeforeIt(PositiveInt from, PositiveInt to, PositiveInt seconds)
    {
        var phase = new RampInjectPhase(from.Get % 5000, (to.Get % 5000) + 1, TimeSpan.FromSeconds((seconds.Get % 60) + 1));
        var count = RateSchedule.CountBefore(phase, phase.During);
        var ks = new[] { 0, 1, count / 2, count - 1 }.Where(k => k >= 0 && k < count).Distinct();

        return ks.All(k =>
        {
            var due = RateSchedule.DueAt(phase, k);
            return due >= TimeSpan.Zero && due <= phase.During
                   && RateSchedule.CountBefore(phase, due) <= k
                   && RateSchedule.CountBefore(phase, due + TimeSpan.FromTicks(10)) >= k;
        }).ToProperty();
    }

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property Inject_CountMatchesRateTimesDuration(PositiveInt rate, PositiveInt millis)
    {
        var phase = new InjectPhase(rate.Get % 50_000, TimeSpan.FromMilliseconds((millis.Get % 600_000) + 1));
        var expected = phase.Rate * phase.During.TotalSeconds;

        var count = RateSchedule.CountBefore(phase, phase.During);

        return (count >= expected - 1e-6 && count < expected + 1).ToProperty();
    }
}
