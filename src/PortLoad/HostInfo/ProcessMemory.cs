using System.Globalization;

namespace PortLoad.HostInfo;

/// <summary>This process's resident memory (VmRSS in /proc/self/status): what its connections cost in user space.</summary>
public static class ProcessMemory
{
    public static long? ResidentBytes(string path = "/proc/self/status")
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The "VmRSS:   1234 kB" line, in bytes.</summary>
    public static long? Parse(string status)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }
}
