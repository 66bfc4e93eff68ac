using System.Globalization;

namespace PortLoad.HostInfo;

/// <summary>
/// What connections cost in memory: this process's resident memory (VmRSS in /proc/self/status), and the kernel's
/// slab memory (Slab in /proc/meminfo, host-wide), where idle sockets live: sockstat's "mem" counts only buffers.
/// </summary>
public static class ProcessMemory
{
    public static long? ResidentBytes(string path = "/proc/self/status") => Read(path, "VmRSS:");

    public static long? KernelSlabBytes(string path = "/proc/meminfo") => Read(path, "Slab:");

    /// <summary>The "<paramref name="key"/>   1234 kB" line, in bytes.</summary>
    public static long? Parse(string text, string key = "VmRSS:")
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }

    private static long? Read(string path, string key)
    {
        try
        {
            return Parse(File.ReadAllText(path), key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
