using System.Text;

namespace PortLoad.Captures;

/// <summary>
/// Reads a capture file: which tool printed it (unless told), its snapshots (a <c>date</c> line starts each one), the
/// settings it printed, its sockets. A line that does not read is skipped and counted, or, <c>strict</c>, refused.
/// </summary>
public static class CaptureReader
{
    /// <summary>Captures above this size are refused before reading.</summary>
    public const long MaxBytes = 200L * 1024 * 1024;

    public const string Expected = "the output of ss -tan, netstat -tan (Linux), /proc/net/tcp, netstat -ano (Windows), netstat -an -p tcp (macOS), "
        + "or Get-NetTCPConnection exported with Export-Csv or ConvertTo-Json";

    /// <exception cref="CaptureException">The file cannot be read as a capture; the message names it, and the line.</exception>
    public static Capture Read(string path, CaptureFormat? format = null, bool strict = false)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new CaptureException($"{path}: no such file");
        }

        if (file.Length > MaxBytes)
        {
            throw new CaptureException($"{path}: {file.Length / (1024 * 1024)} MB; at most {MaxBytes / (1024 * 1024)} MB are read: keep the last snapshots, or split the file");
        }

        string text;
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            // Windows PowerShell 5's "> file" writes UTF-16 with a byte-order mark: the reader follows the mark.
            text = reader.ReadToEnd();
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new CaptureException($"{path}: a binary file, not a capture; expected {Expected}");
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.All(string.IsNullOrWhiteSpace))
        {
            throw new CaptureException($"{path}: empty; expected {Expected}");
        }

        var found = format ?? CaptureDetection.Detect(lines)
            ?? throw new CaptureException($"{path}: cannot tell which tool printed it; expected {Expected} (or say which with --format)");
        var skipped = new List<SkippedLine>();
        void Problem(string at, string reason)
        {
            if (strict)
            {
                throw new CaptureException($"{path}: {at}: {reason}");
            }

            skipped.Add(new SkippedLine(at, reason));
        }

        try
        {
            var settings = new CaptureSettings();
            var snapshots = found switch
            {
                CaptureFormat.PowerShellCsv => [new CaptureSnapshot(null, PowerShellCapture.Csv(lines, Problem))],
                CaptureFormat.PowerShellJson => [new CaptureSnapshot(null, PowerShellCapture.Json(text, Problem))],
                _ => Snapshots(lines, found, settings, Problem),
            };
            return new Capture(path, found, snapshots, skipped) { Range = settings.Range, TcpTwReuse = settings.TcpTwReuse };
        }
        catch (CaptureException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new CaptureException($"{path}: {e.Message}");
        }
    }

    private static List<CaptureSnapshot> Snapshots(List<string> lines, CaptureFormat format, CaptureSettings settings, Action<string, string> problem)
    {
        var snapshots = new List<CaptureSnapshot>();
        DateTimeOffset? at = null;
        var sockets = new List<CapturedSocket>();
        var started = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line) || CaptureMarks.Setting(line, settings))
            {
                continue;
            }

            if (CaptureMarks.Date(line) is { } date)
            {
                if (started)
                {
                    snapshots.Add(new CaptureSnapshot(at, sockets));
                }

                (at, sockets, started) = (date, [], true);
                continue;
            }

            started = true;
            if (CaptureLines.Read(line, format, out var reason) is { } socket)
            {
                sockets.Add(socket);
            }
            else if (reason is not null)
            {
                problem($"line {i + 1}", reason);
            }
        }

        if (started)
        {
            snapshots.Add(new CaptureSnapshot(at, sockets));
        }

        return snapshots;
    }
}
