using System.Globalization;

namespace PortLoad.Sampling;

/// <summary>
/// /proc/net/sockstat: the namespace's total TIME_WAIT count ("TCP: ... tw N"), the cheapest
/// figure there is (microseconds), with no split by destination.
/// </summary>
public static class SockStat
{
    public static long? TimeWait(string path = "/proc/net/sockstat")
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

    public static long? Parse(string text)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("TCP:", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var at = Array.IndexOf(fields, "tw");
        return at >= 0 && at + 1 < fields.Length && long.TryParse(fields[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var tw) ? tw : null;
    }
}
