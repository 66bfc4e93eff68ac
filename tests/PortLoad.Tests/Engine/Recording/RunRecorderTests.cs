using Microsoft.Extensions.Time.Testing;
using PortLoad.Recording;
using PortLoad.Sampling;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Recording;

public class RunRecorderTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void OnCompleted_CountsByKind_AndTimesLatencyFromTheSchedule()
    {
        var recorder = Start(TimeSpan.FromSeconds(1));
        var due = _time.GetTimestamp();
        recorder.OnAttempt(due);
        recorder.OnAttempt(due);
        recorder.OnAttempt(due);
        _time.Advance(TimeSpan.FromMilliseconds(3));
        recorder.OnCompleted(due, FailureKind.None);
        recorder.OnCompleted(due, FailureKind.EADDRNOTAVAIL);
        recorder.OnCompleted(due, FailureKind.ETIMEDOUT);

        Assert.Multiple(() =>
        {
            Assert.That((recorder.Attempted, recorder.Succeeded, recorder.Failed), Is.EqualTo((3L, 1L, 2L)));
            Assert.That(recorder.Failures(FailureKind.EADDRNOTAVAIL), Is.EqualTo(1));
            Assert.That(recorder.Failures(FailureKind.ECONNREFUSED), Is.Zero);
            Assert.That(recorder.P99!.Value.TotalMilliseconds, Is.EqualTo(3).Within(0.1));
        });
    }

    [Test]
    public void Intervals_AttemptsCountWhenDue_OutcomesWhenTheyEnd()
    {
        var recorder = Start(TimeSpan.FromSeconds(1));
        var due = _time.GetTimestamp() + (_time.TimestampFrequency / 10);
        recorder.OnAttempt(due);
        _time.Advance(TimeSpan.FromSeconds(1.2));
        recorder.OnCompleted(due, FailureKind.None);

        var first = recorder.IntervalAt(0);
        var second = recorder.IntervalAt(1);
        Assert.That((first.Attempted, first.Succeeded, second.Attempted, second.Succeeded), Is.EqualTo((1L, 0L, 0L, 1L)));
        Assert.That(second.LatencyOrNull!.Percentile(50)!.Value.TotalSeconds, Is.EqualTo(1.1).Within(0.01));
    }

    [Test]
    public void FirstFailure_IsTheEarliest_WithItsKind()
    {
        var recorder = Start(TimeSpan.FromSeconds(1));
        var due = _time.GetTimestamp();
        Assert.That(recorder.FirstFailureSeconds, Is.Null);

        _time.Advance(TimeSpan.FromSeconds(2));
        recorder.OnCompleted(due, FailureKind.ECONNREFUSED);
        _time.Advance(TimeSpan.FromSeconds(1));
        recorder.OnCompleted(due, FailureKind.EADDRNOTAVAIL);

        Assert.That(recorder.FirstFailureSeconds, Is.EqualTo(2).Within(1e-6));
        Assert.That(recorder.FirstFailureKind, Is.EqualTo(FailureKind.ECONNREFUSED));
    }

    [Test]
    public void OnSample_KeepsSamplesInOrder_AtTheirTimeIntoTheRun()
    {
        var recorder = Start(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(250));
        recorder.OnSample(new SocketCounts(10, 2, 11));
        _time.Advance(TimeSpan.FromMilliseconds(250));
        recorder.OnSample(new SocketCounts(20, 1, 21));

        Assert.That(recorder.Samples.Select(s => s.At.TotalMilliseconds), Is.EqualTo(new[] { 250.0, 500.0 }).Within(0.01));
        Assert.That(recorder.Samples.Select(s => s.Counts.TimeWait), Is.EqualTo(new[] { 10L, 20L }));
        Assert.That(recorder.LastCounts, Is.EqualTo(new SocketCounts(20, 1, 21)));
    }

    [Test]
    public void OnRetry_CountsInTheIntervalItHappens_AndInTheTally()
    {
        var recorder = Start(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        recorder.OnRetry(TimeSpan.FromMilliseconds(100));
        recorder.OnRetry(TimeSpan.FromMilliseconds(200));

        Assert.That(recorder.IntervalAt(1).Retries, Is.EqualTo(2));
        Assert.That(recorder.Retries, Is.EqualTo(2));
        Assert.That(recorder.Resilience.Backoff, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public void SucceededBeforeFirstFailure_IsTheCountWhenTheFirstFailed()
    {
        var recorder = Start(TimeSpan.FromSeconds(1));
        var due = _time.GetTimestamp();
        recorder.OnCompleted(due, FailureKind.None);
        recorder.OnCompleted(due, FailureKind.None);
        Assert.That(recorder.SucceededBeforeFirstFailure, Is.EqualTo(2), "none has failed: all of them");

        recorder.OnCompleted(due, FailureKind.EADDRNOTAVAIL);
        recorder.OnCompleted(due, FailureKind.None);
        recorder.OnCompleted(due, FailureKind.EADDRNOTAVAIL);

        Assert.That(recorder.SucceededBeforeFirstFailure, Is.EqualTo(2));
        Assert.That(recorder.Succeeded, Is.EqualTo(3));
    }

    private RunRecorder Start(TimeSpan interval)
    {
        var recorder = new RunRecorder(_time, interval, TimeSpan.FromSeconds(10));
        recorder.Start();
        return recorder;
    }
}
