using System.Globalization;
using System.Net;
using System.Text;
using PortLoad.Captures;
using PortLoad.Charts;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Watching;

namespace PortLoad.Cli.Output;

/// <summary>
/// <c>diagnose --out DIR</c>: report.md and report.html (one page, nothing fetched from elsewhere): the capture, the
/// findings, every destination's use of its port space as a bar, and for a series its client ports over time
/// (ports-in-use.svg, drawn by OxyPlot from a <see cref="Chart"/> as the run reports' charts are).
/// </summary>
internal static class DiagnosisReport
{
    private const int ChartedDestinations = 5;

    public static void Write(string folder, IReadOnlyList<Capture> captures, CaptureDiagnosis diagnosis, IReadOnlyList<DiagnosedSnapshot> snapshots, IReadOnlyList<CaptureForecastRow> forecasts)
    {
        Directory.CreateDirectory(folder);
        var svg = Chart(diagnosis, snapshots) is { } chart ? Plots.Svg(chart) : null;
        if (svg is not null)
        {
            AtomicFile.Write(Path.Combine(folder, "ports-in-use.svg"), (TextWriter w) => w.Write(svg));
        }

        var findings = CaptureFindings.For(diagnosis, snapshots[^1]).Concat(Forecasts(forecasts, diagnosis)).ToList();
        var simulated = forecasts.Count > 0 ? Plots.Svg(SimulatedChart(diagnosis, forecasts)) : null;
        if (simulated is not null)
        {
            AtomicFile.Write(Path.Combine(folder, "simulated.svg"), (TextWriter w) => w.Write(simulated));
        }

        AtomicFile.Write(Path.Combine(folder, "report.md"), (TextWriter w) => w.Write(Markdown(captures, diagnosis, snapshots, findings, svg is not null) + (simulated is null ? "" : "\n![Simulated TIME_WAIT](simulated.svg)\n")));
        AtomicFile.Write(Path.Combine(folder, "report.html"), (TextWriter w) => w.Write(Html(captures, diagnosis, snapshots, findings, svg, simulated)));
    }

    /// <summary>What was read: the files, the tool and system, the snapshots; then the port space and TIME_WAIT it was judged by.</summary>
    public static (string Capture, string Rules) Header(IReadOnlyList<Capture> captures, CaptureDiagnosis diagnosis, IReadOnlyList<DiagnosedSnapshot> snapshots)
    {
        var facts = diagnosis.Facts;
        var space = facts.EphemeralPortRange.Size;
        var spaceText = diagnosis.SharedSpace ? Invariant.Format($"{space:N0} ports shared by every destination") : Invariant.Format($"{space:N0} ports per destination and source address");
        return (
            $"{string.Join(", ", captures.Select(c => Path.GetFileName(c.File)))}: {FormatName(captures[0].Format)} ({facts.Os}), {snapshots.Count} snapshot(s)",
            Invariant.Format($"ports {facts.EphemeralPortRange} ({spaceText}), TIME_WAIT {facts.TimeWaitSeconds} s{(facts.TcpTwReuse is { } r ? $", tcp_tw_reuse {r}" : "")}"));
    }

    public static string FormatName(CaptureFormat format) => format switch
    {
        CaptureFormat.Ss => "ss",
        CaptureFormat.NetstatLinux => "netstat-linux",
        CaptureFormat.ProcNetTcp => "proc",
        CaptureFormat.NetstatWindows => "netstat-windows",
        CaptureFormat.PowerShellCsv => "powershell-csv",
        CaptureFormat.PowerShellJson => "powershell-json",
        _ => "netstat-macos",
    };

    /// <summary>Dates as the capture gave them; --interval's moments count from the first snapshot.</summary>
    public static string When(DiagnosedSnapshot s) => s.At is not { } at ? "snapshot"
        : at.Year == 1970 ? Invariant.Format($"+{(at - DateTimeOffset.UnixEpoch).TotalSeconds:0.#} s")
        : at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>What the simulator says of each observed rate, had it gone on, one sentence each.</summary>
    public static IEnumerable<string> Forecasts(IReadOnlyList<CaptureForecastRow> forecasts, CaptureDiagnosis diagnosis) => forecasts.Select(f =>
        Invariant.Format($"Simulated, had it gone on: {f.Destination} at {f.RatePerSecond:0.#} new connections/s from an empty host ") + (f.FirstFailureSeconds is { } s
            ? Invariant.Format($"runs out after {s:0.#} s ({(f.FirstFailureKind is { } k ? Names.Failures[k] : "failures")}), TIME_WAIT at {f.TimeWaitPeak:N0} of {diagnosis.Facts.EphemeralPortRange.Size:N0}.")
            : Invariant.Format($"never runs out in {f.HorizonSeconds:0} s: TIME_WAIT levels off at {f.TimeWaitPeak:N0} of {diagnosis.Facts.EphemeralPortRange.Size:N0}.")));

    // The simulator's TIME_WAIT for each observed rate, against the space.
    private static Chart SimulatedChart(CaptureDiagnosis diagnosis, IReadOnlyList<CaptureForecastRow> forecasts) => new()
    {
        Title = "Simulated TIME_WAIT, had the observed rates gone on",
        X = new Axis("simulated time", AxisKind.Time),
        Y = new Axis("ports in TIME_WAIT", Min: 0, Max: diagnosis.Facts.EphemeralPortRange.Size * 1.05),
        Series = [.. forecasts.Select(f => new Series(f.Destination, [.. f.Run.Rows.Select(r => (r.T, (double)(r.TimeWait ?? 0)))], Group: f.Destination))],
        ReferenceLines = [new ReferenceLine(diagnosis.Facts.EphemeralPortRange.Size, "port space")],
        Markers = [.. forecasts.Where(f => f.FirstFailureSeconds is not null).Select(f => new Marker(f.FirstFailureSeconds!.Value, $"{f.Destination} runs out"))],
    };

    // The client ports of the busiest destinations over the series, against the space they draw from.
    private static Chart? Chart(CaptureDiagnosis diagnosis, IReadOnlyList<DiagnosedSnapshot> snapshots)
    {
        if (snapshots.Count < 2 || snapshots[0].At is not { } start)
        {
            return null;
        }

        double X(DiagnosedSnapshot s) => ((s.At ?? start) - start).TotalSeconds;
        var charted = snapshots[^1].Destinations.Take(ChartedDestinations).Select(d => d.Destination).ToList();
        List<Series> series = [.. charted.Select(d => new Series(d, [.. snapshots.Select(s => (X(s), (double)(s.Destinations.FirstOrDefault(r => r.Destination == d)?.InUse ?? 0)))], Group: d))];
        if (diagnosis.SharedSpace)
        {
            series.Add(new Series("all destinations", [.. snapshots.Select(s => (X(s), (double)s.ClientPorts))], LineKind.Dashed));
        }

        return new Chart
        {
            Title = "Client ports in use, by destination",
            X = new Axis("time since the first snapshot", AxisKind.Time),
            // The whole space, so the lines show how close to it they are.
            Y = new Axis("ports in use", Min: 0, Max: diagnosis.Facts.EphemeralPortRange.Size * 1.05),
            Series = series,
            ReferenceLines = [new ReferenceLine(diagnosis.Facts.EphemeralPortRange.Size, diagnosis.SharedSpace ? "port space (every destination's)" : "port space (each destination's)")],
        };
    }

    private static string Markdown(IReadOnlyList<Capture> captures, CaptureDiagnosis diagnosis, IReadOnlyList<DiagnosedSnapshot> snapshots, IReadOnlyList<string> findings, bool chart)
    {
        var (capture, rules) = Header(captures, diagnosis, snapshots);
        var md = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# Port exhaustion diagnosis\n\n{capture}; {rules}.\n\n## Findings\n\n");
        foreach (var finding in findings)
        {
            md.Append(CultureInfo.InvariantCulture, $"- {finding}\n");
        }

        var last = snapshots[^1];
        md.Append(CultureInfo.InvariantCulture, $"\n## Destinations at {When(last)} ({last.ClientPorts:N0} client ports in all)\n\n")
            .Append("| destination | source | established | TIME_WAIT | other | in use | use | new/s | runs out | process |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        foreach (var r in last.Destinations)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {r.Destination} | {r.Source} | {r.Established:N0} | {r.TimeWait:N0} | {r.Other:N0} | {r.InUse:N0} | {r.Usage:P0} | {r.NewPerSecond:0.#} | {RunsOut(r)} | {r.Process ?? "-"} |\n");
        }

        if (snapshots.Count > 1)
        {
            md.Append("\n## Over time\n\n| time | client ports | busiest destination | use | new/s |\n|---|---:|---|---:|---:|\n");
            foreach (var s in snapshots)
            {
                var b = s.Destinations.FirstOrDefault();
                md.Append(CultureInfo.InvariantCulture, $"| {When(s)} | {s.ClientPorts:N0} | {b?.Destination ?? "-"} | {b?.Usage ?? 0:P0} | {b?.NewPerSecond ?? 0:0.#} |\n");
            }

            md.Append(chart ? "\n![Client ports in use, by destination](ports-in-use.svg)\n" : "");
        }

        return md.ToString();
    }

    private static string Html(IReadOnlyList<Capture> captures, CaptureDiagnosis diagnosis, IReadOnlyList<DiagnosedSnapshot> snapshots, IReadOnlyList<string> findings, string? svg, string? simulated)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var (capture, rules) = Header(captures, diagnosis, snapshots);
        var last = snapshots[^1];
        var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Port exhaustion diagnosis</title><style>
            body{font-family:"Liberation Sans",Arial,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#111;line-height:1.45}
            table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums}.bar{background:#eee;width:10rem;height:.9rem;display:inline-block;vertical-align:middle}
            .bar span{display:block;height:100%;background:#0072b2}.bar span.high{background:#d55e00}svg{max-width:100%;height:auto}
            </style></head><body><h1>Port exhaustion diagnosis</h1><p>{{E(capture)}}<br>{{E(rules)}}</p><h2>Findings</h2><ul>
            """);
        foreach (var finding in findings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(finding)}</li>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</ul><h2>Destinations at {E(When(last))} ({last.ClientPorts:N0} client ports in all)</h2><table><tr><th>destination</th><th>source</th><th>established</th><th>TIME_WAIT</th><th>in use</th><th>use of the port space</th><th>new/s</th><th>runs out</th><th>process</th></tr>");
        foreach (var r in last.Destinations)
        {
            var width = Math.Clamp(r.Usage * 100, 0, 100).ToString("0.#", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Destination)}</td><td>{E(r.Source)}</td><td class=n>{r.Established:N0}</td><td class=n>{r.TimeWait:N0}</td><td class=n>{r.InUse:N0}</td><td><span class=bar><span {(r.Usage >= 0.8 ? "class=high " : "")}style=\"width:{width}%\"></span></span> {r.Usage:P0}</td><td class=n>{r.NewPerSecond:0.#}</td><td>{E(RunsOut(r))}</td><td>{E(r.Process ?? "-")}</td></tr>");
        }

        html.Append("</table>");
        if (svg is not null)
        {
            html.Append("<h2>Over time</h2>").Append(svg[svg.IndexOf("<svg", StringComparison.Ordinal)..]);
        }

        if (simulated is not null)
        {
            html.Append("<h2>Had it gone on (simulated)</h2>").Append(simulated[simulated.IndexOf("<svg", StringComparison.Ordinal)..]);
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static string RunsOut(WatchRow r) => r.SecondsToExhaustion is { } s ? Invariant.Format($"in {s:0} s") : "never at this rate";
}
