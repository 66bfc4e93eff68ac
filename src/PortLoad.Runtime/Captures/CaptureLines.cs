using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using PortLoad.Sampling;

namespace PortLoad.Captures;

/// <summary>
/// One line of a text capture (ss, netstat on Linux, Windows and the BSDs, /proc/net/tcp) read into a socket. Headers
/// and UDP lines are no sockets and not errors; anything else that does not read is a problem, said in words.
/// </summary>
internal static class CaptureLines
{
    private static readonly char[] Blanks = [' ', '\t'];

    /// <summary>Reads <paramref name="line"/>: a socket, null and no problem (a header, a UDP line), or a problem.</summary>
    public static CapturedSocket? Read(string line, CaptureFormat format, out string? problem)
    {
        problem = null;
        var fields = line.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || IsHeader(fields[0]))
        {
            return null;
        }

        return format switch
        {
            CaptureFormat.Ss => Ss(fields, out problem),
            CaptureFormat.NetstatLinux => Netstat(fields, "tcp", ':', 5, out problem),
            CaptureFormat.NetstatWindows => Netstat(fields, "TCP", ':', 3, out problem),
            CaptureFormat.NetstatBsd => Netstat(fields, "tcp", '.', 5, out problem),
            CaptureFormat.ProcNetTcp => Proc(fields, out problem),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a line format"),
        };
    }

    /// <summary>The column headers and titles each tool prints ("State Recv-Q ...", "Proto ...", "Active Connections", "sl local_address ...").</summary>
    public static bool IsHeader(string first) =>
        first.Equals("State", StringComparison.OrdinalIgnoreCase) || first.Equals("Netid", StringComparison.OrdinalIgnoreCase)
        || first.Equals("Proto", StringComparison.OrdinalIgnoreCase) || first.Equals("Active", StringComparison.OrdinalIgnoreCase)
        || first.Equals("sl", StringComparison.Ordinal);

    /// <summary>A state as any of the tools spells it (ESTAB, TIME-WAIT, TIME_WAIT, TimeWait, LISTENING, SYN_RCVD, ...); null when none.</summary>
    public static TcpState? State(string text) => text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant() switch
    {
        "ESTAB" or "ESTABLISHED" => TcpState.Established,
        "TIMEWAIT" => TcpState.TimeWait,
        "SYNSENT" => TcpState.SynSent,
        "SYNRECV" or "SYNRCVD" or "SYNRECEIVED" => TcpState.SynRecv,
        "FINWAIT1" => TcpState.FinWait1,
        "FINWAIT2" => TcpState.FinWait2,
        "CLOSEWAIT" => TcpState.CloseWait,
        "LASTACK" => TcpState.LastAck,
        "CLOSING" => TcpState.Closing,
        "LISTEN" or "LISTENING" => TcpState.Listen,
        "CLOSE" or "CLOSED" or "DELETETCB" or "BOUND" or "UNCONN" => TcpState.Close,
        _ => null,
    };

    /// <summary>"address:port" (or "address.port" on the BSDs), with [brackets], %zone, "*" for any address or port.</summary>
    public static (IPAddress Address, int Port)? EndPoint(string text, char separator)
    {
        var cut = text.LastIndexOf(separator);
        if (cut <= 0 || cut == text.Length - 1)
        {
            return null;
        }

        var portText = text[(cut + 1)..];
        var port = 0;
        if (portText != "*" && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            return null;
        }

        var address = text[..cut].Trim('[', ']');
        if (address.IndexOf('%', StringComparison.Ordinal) is var zone and > 0)
        {
            address = address[..zone].TrimEnd(']');
        }

        return address == "*" ? (IPAddress.Any, port)
            : IPAddress.TryParse(address, out var parsed) ? (parsed, port)
            : null;
    }

    // ss: State Recv-Q Send-Q Local Peer [Process], the process as users:(("name",pid=N,fd=M)).
    private static CapturedSocket? Ss(string[] f, out string? problem)
    {
        problem = null;
        if (f.Length < 5)
        {
            problem = "expected ss's columns: State Recv-Q Send-Q Local-Address:Port Peer-Address:Port [Process]";
            return null;
        }

        return Socket(f[0], f[3], f[4], ':', f.Length > 5 ? SsProcess(string.Join(' ', f[5..])) : null, out problem);
    }

    // netstat: Proto [Recv-Q Send-Q] Local Foreign State [PID | PID/Program]; Windows has no queues and a PID column.
    private static CapturedSocket? Netstat(string[] f, string tcp, char separator, int stateAt, out string? problem)
    {
        problem = null;
        if (!f[0].StartsWith(tcp, StringComparison.OrdinalIgnoreCase))
        {
            if (f[0].StartsWith("udp", StringComparison.OrdinalIgnoreCase) || f[0].StartsWith('[') || f[0].StartsWith("Can", StringComparison.Ordinal))
            {
                return null; // UDP, or Windows -b's program lines.
            }

            problem = $"expected a '{tcp}' line of netstat";
            return null;
        }

        if (f.Length <= stateAt)
        {
            problem = "expected netstat's columns: Proto ... Local-Address Foreign-Address State";
            return null;
        }

        var process = f.Length > stateAt + 1 ? NetstatProcess(f[stateAt + 1]) : null;
        return Socket(f[stateAt], f[stateAt - 2], f[stateAt - 1], separator, process, out problem);
    }

    // /proc/net/tcp: sl local_address rem_address st ... with hex addresses (32-bit words in the host's order) and ports.
    private static CapturedSocket? Proc(string[] f, out string? problem)
    {
        problem = null;
        if (f.Length < 4 || ProcEndPoint(f[1]) is not { } local || ProcEndPoint(f[2]) is not { } remote
            || !int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var state) || state is < 1 or > 11)
        {
            problem = "expected /proc/net/tcp's columns: sl local_address rem_address st (hexadecimal)";
            return null;
        }

        return new CapturedSocket(local.Address, local.Port, remote.Address, remote.Port, (TcpState)state);
    }

    private static (IPAddress Address, int Port)? ProcEndPoint(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || parts[0].Length is not (8 or 32) || !int.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var bytes = new byte[parts[0].Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            if (!uint.TryParse(parts[0].AsSpan(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            // The kernel prints each 32-bit word as the host holds it: little-endian on x86 and arm64.
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(word * 4), value);
        }

        return (new IPAddress(bytes), port);
    }

    private static CapturedSocket? Socket(string stateText, string localText, string remoteText, char separator, string? process, out string? problem)
    {
        problem = null;
        if (State(stateText) is not { } state)
        {
            problem = $"'{stateText}' is no TCP state";
            return null;
        }

        if (EndPoint(localText, separator) is not { } local)
        {
            problem = $"'{localText}' is no address{separator}port (port 0 to 65535)";
            return null;
        }

        if (EndPoint(remoteText, separator) is not { } remote)
        {
            problem = $"'{remoteText}' is no address{separator}port (port 0 to 65535)";
            return null;
        }

        return new CapturedSocket(local.Address, local.Port, remote.Address, remote.Port, state, process);
    }

    // users:(("curl",pid=1234,fd=3)) -> "curl (1234)"
    private static string? SsProcess(string text)
    {
        var name = text.IndexOf("((\"", StringComparison.Ordinal);
        var pid = text.IndexOf("pid=", StringComparison.Ordinal);
        if (name < 0 || pid < 0)
        {
            return null;
        }

        var nameEnd = text.IndexOf('"', name + 3);
        var pidEnd = text.IndexOfAny([',', ')'], pid);
        return nameEnd < 0 || pidEnd < 0 ? null : $"{text[(name + 3)..nameEnd]} ({text[(pid + 4)..pidEnd]})";
    }

    // Linux "1234/curl" -> "curl (1234)"; Windows "1234" -> "pid 1234"; "-" -> none.
    private static string? NetstatProcess(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? $"{text[(slash + 1)..]} ({text[..slash]})"
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? $"pid {pid}"
            : null;
    }
}
