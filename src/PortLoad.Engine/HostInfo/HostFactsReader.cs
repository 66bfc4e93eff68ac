using System.Globalization;
using System.Runtime.InteropServices;

namespace PortLoad.HostInfo;

/// <summary>Reads <see cref="HostFacts"/> from /proc on Linux; other systems get their documented defaults.</summary>
public static class HostFactsReader
{
    /// <summary>Linux's TIME_WAIT length: TCP_TIMEWAIT_LEN, hard-coded in the kernel.</summary>
    public static readonly int LinuxTimeWaitSeconds = OsDefaults.Linux.TimeWaitSeconds;

    public static HostFacts Read(string procRoot = "/proc", NamespaceKind @namespace = NamespaceKind.Host)
    {
        if (!OperatingSystem.IsLinux())
        {
            return OtherSystem();
        }

        var range = ReadText(procRoot, "sys/net/ipv4/ip_local_port_range")?
            .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(int.Parse).ToArray();
        return new HostFacts
        {
            Os = "linux",
            Kernel = ReadText(procRoot, "sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
            EphemeralPortRange = range is [var low, var high] ? new PortRange(low, high) : OsDefaults.Linux.Range,
            TcpTwReuse = int.TryParse(ReadText(procRoot, "sys/net/ipv4/tcp_tw_reuse"), out var reuse) ? reuse : null,
            TcpSynLinearTimeouts = int.TryParse(ReadText(procRoot, "sys/net/ipv4/tcp_syn_linear_timeouts"), out var linear) ? linear : null,
            TimeWaitSeconds = LinuxTimeWaitSeconds,
            OpenFileLimit = ReadOpenFileLimit(procRoot),
            Namespace = @namespace,
        };
    }

    private static HostFacts OtherSystem()
    {
        var defaults = OperatingSystem.IsWindows() ? OsDefaults.Windows : OsDefaults.MacOs;
        return new HostFacts
        {
            Os = defaults.Os,
            Kernel = RuntimeInformation.OSDescription,
            EphemeralPortRange = DynamicPortRange.Read() ?? defaults.Range,
            TimeWaitSeconds = defaults.TimeWaitSeconds,
        };
    }

    /// <summary>The soft "Max open files" limit from /proc/self/limits.</summary>
    private static long? ReadOpenFileLimit(string procRoot)
    {
        var limits = ReadText(procRoot, "self/limits");
        var line = limits?.Split('\n').FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string? ReadText(string root, string relative)
    {
        try
        {
            return File.ReadAllText(Path.Combine(root, relative)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
