using System.Globalization;
using System.Text.RegularExpressions;
using PortLoad.HostInfo;

namespace PortLoad.Captures;

/// <summary>
/// The lines of a capture that are not sockets but say something: a <c>date</c> line that starts a snapshot, and the
/// settings the capture printed (sysctl's and netsh's lines: the port range on each system, Linux's tcp_tw_reuse).
/// </summary>
internal static partial class CaptureMarks
{
    /// <summary>
    /// The moment a date line gives: Linux's <c>date</c> ("Thu Dec  3 16:15:51 UTC 2026", its zone ignored: only the
    /// gaps between snapshots count), ISO 8601 (<c>date -Iseconds</c>, <c>Get-Date -Format o</c>) and PowerShell's
    /// <c>Get-Date</c> in English ("Thursday, December 3, 2026 4:15:51 PM"); null for any other line.
    /// </summary>
    public static DateTimeOffset? Date(string line)
    {
        var text = line.Trim();
        if (UnixDate().Match(text) is { Success: true } unix)
        {
            return DateTime.TryParseExact($"{unix.Groups["month"].Value} {unix.Groups["day"].Value} {unix.Groups["time"].Value} {unix.Groups["year"].Value}", "MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? new DateTimeOffset(at, TimeSpan.Zero)
                : null;
        }

        if (IsoDate().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
        {
            return iso;
        }

        return DateTime.TryParseExact(text, ["dddd, MMMM d, yyyy h:mm:ss tt", "M/d/yyyy h:mm:ss tt"], CultureInfo.GetCultureInfo("en-US"), DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var powerShell)
            ? new DateTimeOffset(powerShell, TimeSpan.Zero)
            : null;
    }

    /// <summary>Keeps a settings line (sysctl's, netsh's) in <paramref name="settings"/>; false when the line is none.</summary>
    public static bool Setting(string line, CaptureSettings settings)
    {
        var text = line.Trim();
        if (!SettingsLine().IsMatch(text))
        {
            return false;
        }

        settings.Lines.Add(text);
        return true;
    }

    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<month>[A-Z][a-z]{2}) +(?<day>\d{1,2}) (?<time>\d{2}:\d{2}:\d{2}) (\S+ )?(?<year>\d{4})$")]
    private static partial Regex UnixDate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")]
    private static partial Regex IsoDate();

    // sysctl's lines (Linux, macOS) and netsh's (its title, rule and two figures).
    [GeneratedRegex(@"^(net\.ipv4\.(ip_local_port_range|tcp_tw_reuse)|net\.inet\.ip\.portrange\.(first|last))\s*[=:]|^(Start Port|Number of Ports)\s*:|^Protocol tcp Dynamic Port Range$|^-{10,}$")]
    private static partial Regex SettingsLine();
}

/// <summary>The settings lines a capture printed, and what they say.</summary>
internal sealed partial class CaptureSettings
{
    public List<string> Lines { get; } = [];

    /// <summary>The range the lines give (Linux's sysctl, Windows' netsh, macOS' sysctl); null when they give none, or an impossible one.</summary>
    public PortRange? Range
    {
        get
        {
            var text = string.Join('\n', Lines);
            PortRange? range;
            try
            {
                range = LinuxRange().Match(text) is { Success: true } linux
                    ? new PortRange(Number(linux.Groups[1].Value), Number(linux.Groups[2].Value))
                    : DynamicPortRange.ParseNetsh(text) ?? DynamicPortRange.ParseSysctl(text);
            }
            catch (OverflowException)
            {
                range = null; // a figure of more digits than any port has
            }

            return range is { Low: >= 1, High: <= 65535 } r && r.Low <= r.High ? r : null;
        }
    }

    public int? TcpTwReuse => TwReuse().Match(string.Join('\n', Lines)) is { Success: true } reuse ? Number(reuse.Groups[1].Value) : null;

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"net\.ipv4\.ip_local_port_range\s*[=:]\s*(\d{1,5})\s+(\d{1,5})")]
    private static partial Regex LinuxRange();

    [GeneratedRegex(@"net\.ipv4\.tcp_tw_reuse\s*[=:]\s*([0-2])")]
    private static partial Regex TwReuse();
}
