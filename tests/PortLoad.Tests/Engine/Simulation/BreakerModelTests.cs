using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Tests.Simulation;

public class BreakerModelTests
{
    private static BreakerModel Breaker() => new(new CircuitBreakerOptions(0.5, 4, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)));

    [Test]
    public void Record_BelowMinimumThroughput_StaysClosed()
    {
        var breaker = Breaker();

        var opened = Enumerable.Range(0, 3).Select(i => breaker.Record(failed: true, i * 0.1)).ToList();

        Assert.That(opened, Is.All.False);
        Assert.That(breaker.TryPass(0.5), Is.True);
    }

    [Test]
    public void Record_RatioReached_OpensForTheBreakDurationThenLetsOneProbeThrough()
    {
        var breaker = Breaker();
        breaker.Record(failed: false, 0.0);
        breaker.Record(failed: false, 0.1);
        breaker.Record(failed: true, 0.2);

        Assert.That(breaker.Record(failed: true, 0.3), Is.True, "2 of 4 failed: ratio 0.5 reached");
        Assert.That(breaker.TryPass(2.2), Is.False, "still within the 2 s break");
        Assert.That(breaker.TryPass(2.3), Is.True, "the half-open probe");
        Assert.That(breaker.TryPass(2.31), Is.False, "one probe at a time");
        Assert.That(breaker.Record(failed: false, 2.4), Is.False);
        Assert.That(breaker.TryPass(2.5), Is.True, "closed again after a good probe");
    }

    [Test]
    public void Record_ProbeFails_OpensAgain()
    {
        var breaker = Breaker();
        for (var i = 0; i < 4; i++)
        {
            breaker.Record(failed: true, i * 0.1);
        }

        Assert.That(breaker.TryPass(3), Is.True);
        Assert.That(breaker.Record(failed: true, 3.1), Is.True);
        Assert.That(breaker.TryPass(5.0), Is.False);
        Assert.That(breaker.TryPass(5.2), Is.True);
    }

    [Test]
    public void Record_FailuresOlderThanTheSamplingDuration_AreForgotten()
    {
        var breaker = Breaker();
        breaker.Record(failed: true, 0.0);
        breaker.Record(failed: true, 0.1);
        breaker.Record(failed: true, 0.2);

        Assert.That(breaker.Record(failed: true, 20.0), Is.False, "the three early failures fell out of the 10 s window");
    }
}
