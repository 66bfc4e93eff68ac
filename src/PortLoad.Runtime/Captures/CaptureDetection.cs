namespace PortLoad.Captures;

/// <summary>Which tool printed a capture, from its first lines: each tool's header, its first column, the shape of its addresses.</summary>
internal static class CaptureDetection
{
    private const int LinesLooked = 200;

    public static CaptureFormat? Detect(IReadOnlyList<string> lines)
    {
        var looked = lines.Where(l => !string.IsNullOrWhiteSpace(l)).Take(LinesLooked).Select(l => l.Trim()).ToList();
        var first = looked[0];
        if (first.StartsWith("#TYPE", StringComparison.Ordinal) || first.StartsWith("\"LocalAddress\"", StringComparison.OrdinalIgnoreCase))
        {
            return CaptureFormat.PowerShellCsv;
        }

        if (first[0] is '[' or '{')
        {
            return CaptureFormat.PowerShellJson;
        }

        foreach (var line in looked)
        {
            if (FromLine(line) is { } format)
            {
                return format;
            }
        }

        return null;
    }

    private static CaptureFormat? FromLine(string line)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields[0] == "sl" && fields.Length > 1 && fields[1] == "local_address")
        {
            return CaptureFormat.ProcNetTcp;
        }

        if (fields[0].Equals("State", StringComparison.Ordinal) && line.Contains("Recv-Q", StringComparison.Ordinal))
        {
            return CaptureFormat.Ss;
        }

        if (fields[0] == "TCP" && fields.Length >= 4)
        {
            return CaptureFormat.NetstatWindows;
        }

        if (fields[0] is "tcp4" or "tcp46" || (fields[0] == "Proto" && line.Contains("(state)", StringComparison.Ordinal)))
        {
            return CaptureFormat.NetstatBsd;
        }

        if (fields[0] is "tcp" or "tcp6" && fields.Length >= 6)
        {
            // Linux writes address:port, the BSDs address.port (and "tcp6" alone is either).
            return CaptureLines.EndPoint(fields[3], ':') is not null ? CaptureFormat.NetstatLinux
                : CaptureLines.EndPoint(fields[3], '.') is not null ? CaptureFormat.NetstatBsd
                : null;
        }

        // ss -H (no header): a state word, two queues, two address:port.
        if (fields.Length >= 5 && CaptureLines.State(fields[0]) is not null && fields[0] == fields[0].ToUpperInvariant()
            && CaptureLines.EndPoint(fields[3], ':') is not null)
        {
            return CaptureFormat.Ss;
        }

        // /proc/net/tcp without its header: "0: 0100007F:9C40 ...".
        return fields.Length >= 4 && fields[0].EndsWith(':') && fields[1].Length is 13 or 37 && fields[1][^5] == ':' ? CaptureFormat.ProcNetTcp : null;
    }
}
