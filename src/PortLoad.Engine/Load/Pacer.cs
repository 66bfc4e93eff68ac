using System.Runtime.InteropServices;

namespace PortLoad.Load;

/// <summary>
/// Waits until a moment on the run's clock without starting early. .NET timers tick in whole
/// milliseconds (a 3.3 ms delay may end after 3 ms, or 5): on the real clock the pacer sleeps
/// coarsely to just before the moment, then finishes with a high-resolution sleep, so requests
/// start within tens of microseconds of their schedule. A fake clock gets plain timer delays.
/// </summary>
internal sealed partial class Pacer(TimeProvider time)
{
    private static readonly TimeSpan FineWindow = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether the pacer runs on the system clock, where a thread of its own can sleep precisely.</summary>
    public bool RealClock { get; } = time == TimeProvider.System;

    /// <summary>Blocks the calling thread until the moment (real clock only), waking at least every 50 ms to see <paramref name="stop"/>.</summary>
    public void WaitUntil(long start, TimeSpan offset, CancellationToken stop)
    {
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var wait = offset - time.GetElapsedTime(start);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            SleepPrecisely(wait < LongestSleep ? wait : LongestSleep);
        }
    }

    public async ValueTask WaitUntilAsync(long start, TimeSpan offset, CancellationToken stop)
    {
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var wait = offset - time.GetElapsedTime(start);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            if (!RealClock)
            {
                await DelayAsync(wait, stop).ConfigureAwait(false);
            }
            else if (wait > FineWindow)
            {
                await Task.Delay(wait - FineWindow, time, stop).ConfigureAwait(false);
            }
            else
            {
                SleepPrecisely(wait);
            }
        }
    }

    // Not Task.Delay, which counts whole milliseconds: a sub-millisecond wait on a fake clock would end at
    // once, and the loop above would spin without ever letting that clock's owner move it on.
    private async Task DelayAsync(TimeSpan wait, CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), done, wait, Timeout.InfiniteTimeSpan);
        using var cancel = stop.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), done);
        await done.Task.ConfigureAwait(false);
    }

    private static void SleepPrecisely(TimeSpan wait)
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.Yield();
            return;
        }

        var request = new TimeSpec { Seconds = 0, Nanoseconds = (long)(wait.TotalMicroseconds * 1000) };
        _ = NanoSleep(ref request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep", SetLastError = true)]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);
}
