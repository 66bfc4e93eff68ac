using System.Globalization;

namespace PortLoad.Sampling;

/// <summary>
/// /proc/net/sockstat's TCP line: the namespace's total TIME_WAIT count ("TCP: ... tw N"), the cheapest
/// figure there is (microseconds), with no split by destination; and "mem N", the pages of memory all TCP
/// sockets hold (a host-wide figure, not the namespace's).
/// </summary>
public static class SockStat
{
    public const string DefaultPath = "/proc/net/sockstat";

    public static long? TimeWait(string path = DefaultPath) => Read(path, "tw");

    /// <summary>Bytes of kernel memory TCP sockets hold (sockstat's pages at 4 KiB).</summary>
    public static long? TcpMemoryBytes(string path = DefaultPath) => Read(path, "mem") * 4096;

    public static long? Parse(string text) => Parse(text, "tw");

    public static long? Parse(string text, string field)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("TCP:", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var at = Array.IndexOf(fields, field);
        return at >= 0 && at + 1 < fields.Length && long.TryParse(fields[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static long? Read(string path, string field)
    {
        try
        {
            return Parse(File.ReadAllText(path), field);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
