using System.Globalization;
using System.Net;
using System.Text.Json;
using PortLoad.Sampling;

namespace PortLoad.Captures;

/// <summary>
/// <c>Get-NetTCPConnection | Select-Object LocalAddress,LocalPort,RemoteAddress,RemotePort,State,OwningProcess</c>,
/// exported with <c>Export-Csv</c> or <c>ConvertTo-Json</c>: the state by name (TimeWait) or, as ConvertTo-Json
/// writes an enum, by number (MSFT_NetTCPConnection's: 11 is TimeWait).
/// </summary>
internal static class PowerShellCapture
{
    private static readonly string[] Columns = ["LocalAddress", "LocalPort", "RemoteAddress", "RemotePort", "State"];

    /// <summary>Reads the CSV rows after the header; each problem goes to <paramref name="problem"/> with where it is ("line 12").</summary>
    public static List<CapturedSocket> Csv(IReadOnlyList<string> lines, Action<string, string> problem)
    {
        var sockets = new List<CapturedSocket>();
        Dictionary<string, int>? columns = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("#TYPE", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = Cells(line);
            if (columns is null)
            {
                columns = cells.Select((name, at) => (name, at)).DistinctBy(c => c.name, StringComparer.OrdinalIgnoreCase).ToDictionary(c => c.name, c => c.at, StringComparer.OrdinalIgnoreCase);
                if (Columns.FirstOrDefault(c => !columns.ContainsKey(c)) is { } missing)
                {
                    throw new CaptureException($"line {i + 1}: the CSV has no column {missing}; expected {string.Join(',', Columns)},OwningProcess");
                }

                continue;
            }

            string? Cell(string name) => columns.TryGetValue(name, out var at) && at < cells.Length ? cells[at] : null;
            if (Socket(Cell, out var reason) is { } socket)
            {
                sockets.Add(socket);
            }
            else
            {
                problem($"line {i + 1}", reason!);
            }
        }

        return sockets;
    }

    /// <summary>Reads the JSON array (or the one object ConvertTo-Json writes for a single connection); a problem's place is its JSON path.</summary>
    public static List<CapturedSocket> Json(string text, Action<string, string> problem)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CaptureException($"line {(e.LineNumber ?? 0) + 1}: not JSON ({e.Message})");
        }

        using (document)
        {
            var entries = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            var sockets = new List<CapturedSocket>();
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                string? Cell(string name) => entry.ValueKind == JsonValueKind.Object
                    && entry.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: not JsonValueKind.Undefined } p
                        ? p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()
                        : null;
                if (Socket(Cell, out var reason) is { } socket)
                {
                    sockets.Add(socket);
                }
                else
                {
                    problem($"$[{i}]", reason!);
                }
            }

            return sockets;
        }
    }

    private static CapturedSocket? Socket(Func<string, string?> cell, out string? problem)
    {
        problem = null;
        if (!IPAddress.TryParse(cell("LocalAddress"), out var local) || !IPAddress.TryParse(cell("RemoteAddress"), out var remote))
        {
            problem = $"'{cell("LocalAddress")}' or '{cell("RemoteAddress")}' is no IP address";
            return null;
        }

        if (Port(cell("LocalPort")) is not { } localPort || Port(cell("RemotePort")) is not { } remotePort)
        {
            problem = $"'{cell("LocalPort")}' or '{cell("RemotePort")}' is no port (0 to 65535)";
            return null;
        }

        var stateText = cell("State") ?? "";
        if ((int.TryParse(stateText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? State(number) : CaptureLines.State(stateText)) is not { } state)
        {
            problem = $"'{stateText}' is no state of Get-NetTCPConnection";
            return null;
        }

        var owner = int.TryParse(cell("OwningProcess"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? $"pid {pid}" : null;
        return new CapturedSocket(local, localPort, remote, remotePort, state, owner);
    }

    private static int? Port(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null;

    // MSFT_NetTCPConnection.State: 1 Closed, 2 Listen, 3 SynSent, 4 SynReceived, 5 Established, 6 FinWait1, 7 FinWait2,
    // 8 CloseWait, 9 Closing, 10 LastAck, 11 TimeWait, 12 DeleteTCB, 100 Bound.
    private static TcpState? State(int number) => number switch
    {
        1 or 12 or 100 => TcpState.Close,
        2 => TcpState.Listen,
        3 => TcpState.SynSent,
        4 => TcpState.SynRecv,
        5 => TcpState.Established,
        6 => TcpState.FinWait1,
        7 => TcpState.FinWait2,
        8 => TcpState.CloseWait,
        9 => TcpState.Closing,
        10 => TcpState.LastAck,
        11 => TcpState.TimeWait,
        _ => null,
    };

    // Export-Csv quotes every cell; a quote inside one is doubled.
    private static string[] Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
