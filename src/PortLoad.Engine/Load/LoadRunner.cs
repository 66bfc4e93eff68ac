using PortLoad.Scenarios;

namespace PortLoad.Load;

/// <summary>
/// Runs a <see cref="LoadTimeline"/>: open-model phases start requests on their schedule whether
/// or not earlier ones finished (up to a cap on requests in flight); closed-model phases keep
/// loops busy. Stops at the end of the timeline or when cancelled, then waits for requests in
/// flight, which their timeout bounds. Hold phases open connections on their schedule through
/// <see cref="Holding"/> and close them all at the phase's end.
/// </summary>
public sealed class LoadRunner(TimeProvider time, int maxInFlight)
{
    /// <summary>Runs the timeline from <paramref name="start"/>, a timestamp of the runner's clock.</summary>
    /// <param name="holding">How hold phases open and close their connections; null: the timeline has none.</param>
    public async Task RunAsync(LoadTimeline timeline, long start, Func<ValueTask<FailureKind>> send, ILoadObserver observer, CancellationToken stop, Holding? holding = null)
    {
        var pacer = new Pacer(time);
        var inFlight = new SemaphoreSlim(maxInFlight, maxInFlight);
        try
        {
            foreach (var slot in timeline.Slots)
            {
                if (slot.Phase is HoldPhase)
                {
                    var hold = holding ?? throw new ArgumentException("a hold phase needs a way to hold connections", nameof(holding));
                    try
                    {
                        await new PhaseRun(time, pacer, start, slot, hold.Open, observer, inFlight, stop).RunAsync().ConfigureAwait(false);

                        // Opening ran late (a slow machine, a full range): hold until every connection has opened or failed.
                        await hold.Settled(stop).ConfigureAwait(false);
                    }
                    finally
                    {
                        await hold.ReleaseAll().ConfigureAwait(false);
                    }
                }
                else
                {
                    await new PhaseRun(time, pacer, start, slot, send, observer, inFlight, stop).RunAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped early: what was sent is still recorded below.
        }

        // Every permit back means every open-model request has finished.
        for (var i = 0; i < maxInFlight; i++)
        {
            await inFlight.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private sealed class PhaseRun(
        TimeProvider time,
        Pacer pacer,
        long start,
        TimelineSlot slot,
        Func<ValueTask<FailureKind>> send,
        ILoadObserver observer,
        SemaphoreSlim inFlight,
        CancellationToken stop)
    {
        public Task RunAsync() => slot.Phase switch
        {
            InjectPhase or RampInjectPhase or HoldPhase when pacer.RealClock => Task.Factory.StartNew(Inject, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default),
            InjectPhase or RampInjectPhase or HoldPhase => InjectAsync(),
            KeepConstantPhase keep => KeepConstantAsync(keep.Copies),
            _ => pacer.WaitUntilAsync(start, slot.End, stop).AsTask(),
        };

        private async Task InjectAsync()
        {
            var count = slot.Scheduled;
            for (long k = 0; k < count; k++)
            {
                var due = slot.DueAt(k);
                await pacer.WaitUntilAsync(start, due, stop).ConfigureAwait(false);
                await inFlight.WaitAsync(stop).ConfigureAwait(false);
                var scheduled = start + ToTicks(due);
                observer.OnAttempt(scheduled);
                // Off the dispatcher, so one slow connect() never delays the next request's start.
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Run.FireAsync(s.Scheduled), (Run: this, Scheduled: scheduled), preferLocal: false);
            }

            await pacer.WaitUntilAsync(start, slot.End, stop).ConfigureAwait(false);
        }

        /// <summary>
        /// On the real clock the schedule is kept by a thread of its own, sleeping between requests: a thread-pool
        /// thread kept for it would be one of the few (two on two cores) that also run every request's I/O.
        /// </summary>
        private void Inject()
        {
            var count = slot.Scheduled;
            for (long k = 0; k < count; k++)
            {
                var due = slot.DueAt(k);
                pacer.WaitUntil(start, due, stop);
                inFlight.Wait(stop);
                var scheduled = start + ToTicks(due);
                observer.OnAttempt(scheduled);
                if (time.GetTimestamp() - scheduled < _inlineSlackTicks)
                {
                    // On time: start it here, up to its first wait (connect() on loopback, a pool's send); handing it to
                    // the thread pool costs a wake-up that on two busy cores takes milliseconds at the 99th percentile.
                    _ = FireAsync(scheduled);
                }
                else
                {
                    // Behind (a slow connect() scanning a full range): hand it over, and catch up.
                    ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Run.FireAsync(s.Scheduled), (Run: this, Scheduled: scheduled), preferLocal: false);
                }
            }

            pacer.WaitUntil(start, slot.End, stop);
        }

        private readonly long _inlineSlackTicks = time.TimestampFrequency / 1000;

        private async Task FireAsync(long scheduled)
        {
            try
            {
                observer.OnCompleted(scheduled, await send().ConfigureAwait(false));
            }
            finally
            {
                inFlight.Release();
            }
        }

        private Task KeepConstantAsync(int copies) =>
            Task.WhenAll(Enumerable.Range(0, copies).Select(_ => Task.Run(LoopAsync)));

        private async Task LoopAsync()
        {
            var end = start + ToTicks(slot.End);
            while (!stop.IsCancellationRequested)
            {
                var scheduled = time.GetTimestamp();
                if (scheduled >= end)
                {
                    return;
                }

                observer.OnAttempt(scheduled);
                observer.OnCompleted(scheduled, await send().ConfigureAwait(false));
            }
        }

        private long ToTicks(TimeSpan offset) => (long)(offset.TotalSeconds * time.TimestampFrequency);
    }
}

/// <summary>
/// What a hold phase does with connections: <see cref="Open"/> opens one and keeps it (its outcome is the request's),
/// <see cref="Settled"/> completes once no connection is still opening, <see cref="ReleaseAll"/> closes every one held
/// (and any still opening) at the phase's end, or once all have settled when opening ran past it.
/// </summary>
public sealed record Holding(Func<ValueTask<FailureKind>> Open, Func<CancellationToken, Task> Settled, Func<ValueTask> ReleaseAll);
