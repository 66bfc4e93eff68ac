using System.Collections.Concurrent;
using PortLoad.Load;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Load;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class LoadRunnerTests
{
    private readonly ManualTimeProvider _time = new();

    [Test]
    public async Task Run_Inject_StartsEachRequestAtItsScheduledTime()
    {
        var observer = new RecordingObserver();
        var sent = new ConcurrentBag<long>();
        var timeline = new LoadTimeline([new InjectPhase(50, TimeSpan.FromSeconds(1))]);

        await RunToEndAsync(timeline, () => { sent.Add(_time.GetTimestamp()); return ValueTask.FromResult(FailureKind.None); }, observer);

        var start = observer.Start;
        var offsets = observer.Scheduled.Select(s => (double)(s - start) / ManualTimeProvider.Frequency).Order().ToArray();
        Assert.That(offsets, Has.Length.EqualTo(50));
        Assert.That(offsets, Is.EqualTo(Enumerable.Range(0, 50).Select(k => k / 50.0)).Within(1e-6));
        // No request starts before it is due.
        Assert.That(sent.Order().Zip(observer.Scheduled.Order()).All(p => p.First >= p.Second), Is.True);
        Assert.That(observer.Completed, Has.Count.EqualTo(50));
    }

    [Test]
    public async Task Run_PauseBetweenInjects_SendsNothingDuringThePause()
    {
        var observer = new RecordingObserver();
        var timeline = new LoadTimeline(
        [
            new InjectPhase(10, TimeSpan.FromSeconds(1)),
            new PausePhase(TimeSpan.FromSeconds(2)),
            new InjectPhase(10, TimeSpan.FromSeconds(1)),
        ]);

        await RunToEndAsync(timeline, () => ValueTask.FromResult(FailureKind.None), observer);

        var seconds = observer.Scheduled.Select(s => (double)(s - observer.Start) / ManualTimeProvider.Frequency).ToArray();
        Assert.That(seconds.Count(s => s < 1), Is.EqualTo(10));
        Assert.That(seconds.Count(s => s >= 1 && s < 3), Is.Zero);
        Assert.That(seconds.Count(s => s >= 3), Is.EqualTo(10));
    }

    [Test]
    public async Task Run_KeepConstant_NeverExceedsCopiesInFlight()
    {
        var observer = new RecordingObserver();
        var inFlight = 0;
        var peak = 0;
        var timeline = new LoadTimeline([new KeepConstantPhase(3, TimeSpan.FromSeconds(1))]);

        await RunToEndAsync(timeline, async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time);
            Interlocked.Decrement(ref inFlight);
            return FailureKind.None;
        }, observer, idleTimers: 3);

        Assert.That(peak, Is.EqualTo(3));
        // 3 loops x 1 s / 100 ms each: about 30 requests, more only if a loop ran past the end.
        Assert.That(observer.Completed, Has.Count.InRange(27, 33));
    }

    [Test]
    public async Task Run_Stopped_EndsEarlyAndWaitsForRequestsInFlight()
    {
        var observer = new RecordingObserver();
        using var stop = new CancellationTokenSource();
        var timeline = new LoadTimeline([new InjectPhase(10, TimeSpan.FromSeconds(10))]);

        await RunToEndAsync(timeline, () =>
        {
            if (observer.Scheduled.Count >= 5)
            {
                stop.Cancel();
            }

            return ValueTask.FromResult(FailureKind.EADDRNOTAVAIL);
        }, observer, stop.Token);

        Assert.That(observer.Scheduled, Has.Count.InRange(5, 7));
        Assert.That(observer.Completed, Has.Count.EqualTo(observer.Scheduled.Count));
        Assert.That(observer.Completed.All(c => c == FailureKind.EADDRNOTAVAIL), Is.True);
    }

    /// <param name="idleTimers">The timers the runner holds while it waits: the pacer's one, or one per closed-model copy.</param>
    private async Task RunToEndAsync(LoadTimeline timeline, Func<ValueTask<FailureKind>> send, RecordingObserver observer, CancellationToken stop = default, int idleTimers = 1)
    {
        observer.Start = _time.GetTimestamp();
        var end = _time.Now + timeline.Duration;
        var run = new LoadRunner(_time, maxInFlight: 1000).RunAsync(timeline, observer.Start, send, observer, stop);
        // The clock moves only once the runner waits on it, so virtual time never runs ahead of the work;
        // past the end, copies stop one by one and fewer wait.
        var wall = System.Diagnostics.Stopwatch.StartNew();
        while (!run.IsCompleted)
        {
            Assert.That(wall.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the runner did not finish");
            await Task.WhenAny(_time.TimersPendingAsync(_time.Now < end ? idleTimers : 1), run);
            if (!run.IsCompleted)
            {
                _time.Advance(TimeSpan.FromMilliseconds(5));
            }
        }

        await run;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class RecordingObserver : ILoadObserver
    {
        public long Start { get; set; }

        public ConcurrentQueue<long> Scheduled { get; } = new();

        public ConcurrentQueue<FailureKind> Completed { get; } = new();

        public void OnAttempt(long scheduledTimestamp) => Scheduled.Enqueue(scheduledTimestamp);

        public void OnCompleted(long scheduledTimestamp, FailureKind outcome) => Completed.Enqueue(outcome);
    }
}
