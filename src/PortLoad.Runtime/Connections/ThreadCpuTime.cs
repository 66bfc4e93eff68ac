using System.Runtime.InteropServices;

namespace PortLoad.Connections;

/// <summary>
/// CPU time the calling thread has used, kernel time included (CLOCK_THREAD_CPUTIME_ID): the cost of
/// a connect() syscall, unlike wall time, does not grow when other threads compete for the cores.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool Supported { get; } = OperatingSystem.IsLinux();

    public static long Nanoseconds()
    {
        _ = ClockGetTime(ClockThreadCpuTimeId, out var time);
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
