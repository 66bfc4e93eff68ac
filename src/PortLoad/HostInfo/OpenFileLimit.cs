using System.Runtime.InteropServices;

namespace PortLoad.HostInfo;

/// <summary>
/// RLIMIT_NOFILE, for this process only: every connection is a file descriptor, and the soft limit
/// (often 1,024) is far below what a load run holds. PortLoad raises it to the hard limit at start; a
/// limit it cannot raise further is said up front, and what runs into it fails as EMFILE.
/// </summary>
public static partial class OpenFileLimit
{
    private const int RlimitNofile = 7;

    /// <summary>Raises the soft limit to the hard one; returns the soft limit now in force (null off Linux or when unknown).</summary>
    public static long? RaiseToHard()
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RlimitNofile, out var limit) != 0)
        {
            return null;
        }

        if (limit.Soft < limit.Hard)
        {
            var raised = limit with { Soft = limit.Hard };
            if (SetRLimit(RlimitNofile, in raised) == 0)
            {
                return (long)Math.Min(raised.Soft, long.MaxValue);
            }
        }

        return (long)Math.Min(limit.Soft, long.MaxValue);
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct RLimit(ulong Soft, ulong Hard);

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, in RLimit limit);
}
