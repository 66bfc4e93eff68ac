using System.Runtime.InteropServices;

namespace PortLoad.HostInfo;

/// <summary>
/// RLIMIT_NOFILE, for this process only: every connection is a file descriptor, and the soft limit
/// (often 1,024) is far below what a load run holds. PortLoad raises it to the hard limit at start and, where
/// it may (root, CAP_SYS_RESOURCE), both up to <c>fs.nr_open</c>, the most the kernel allows one process; a
/// limit it cannot raise further is said up front, and what runs into it fails as EMFILE.
/// </summary>
public static partial class OpenFileLimit
{
    private const int RlimitNofile = 7;

    /// <summary>What the last <see cref="Raise"/> found and left; null before it ran, or off Linux.</summary>
    public static OpenFileLimits? Raised { get; private set; }

    /// <summary>
    /// Raises the soft limit to the hard one, and both to <c>fs.nr_open</c> when permitted; returns the soft limit
    /// now in force (null off Linux or when unknown).
    /// </summary>
    public static long? Raise(string procRoot = "/proc")
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RlimitNofile, out var before) != 0)
        {
            return null;
        }

        var most = ReadNrOpen(procRoot) is { } nrOpen && nrOpen > before.Hard ? nrOpen : before.Hard;
        var now = before;
        foreach (var wanted in new[] { new RLimit(most, most), before with { Soft = before.Hard } })
        {
            // A higher hard limit takes CAP_SYS_RESOURCE; without it, the soft limit still goes up to the hard one.
            if (wanted.Soft > now.Soft && SetRLimit(RlimitNofile, in wanted) == 0)
            {
                now = wanted;
                break;
            }
        }

        Raised = new OpenFileLimits(Clamp(before.Soft), Clamp(before.Hard), Clamp(now.Soft), Clamp(now.Hard));
        return Clamp(now.Soft);
    }

    private static long Clamp(ulong value) => (long)Math.Min(value, long.MaxValue);

    private static ulong? ReadNrOpen(string procRoot)
    {
        try
        {
            return ulong.TryParse(File.ReadAllText(Path.Combine(procRoot, "sys/fs/nr_open")).Trim(), out var n) ? n : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct RLimit(ulong Soft, ulong Hard);

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, in RLimit limit);
}
