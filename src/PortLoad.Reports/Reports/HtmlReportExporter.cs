using PortLoad.Charts;
using System.Net;
using PortLoad.Results;

namespace PortLoad.Reports;

/// <summary>report.html: one self-contained page (charts inline, no scripts, nothing fetched) that opens in any browser.</summary>
public sealed class HtmlReportExporter : IResultExporter
{
    private const string Style = """
        body { font-family: sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 0.5em 0; } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
        td:first-child, th:first-child { text-align: left; } .facts td { text-align: left; }
        .finding { background: #fff8e1; border-left: 4px solid #f0a500; padding: 6px 10px; margin: 6px 0; }
        figure { margin: 1em 0; } svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        """;

    public string FileName => "report.html";

    public void Export(ScenarioRun run, TextWriter writer)
    {
        var s = run.Summary;
        writer.Write($"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>PortLoad: {E(s.Scenario)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n");
        writer.Write($"<h1>PortLoad report: {E(s.Scenario)}</h1>\n<p>{E(s.Description)}</p>\n");
        writer.Write("<table class=\"facts\">\n");
        foreach (var (label, value) in ReportTables.Facts(s))
        {
            writer.Write($"<tr><td>{E(label)}</td><td>{E(value)}</td></tr>\n");
        }

        writer.Write("</table>\n<h2>Findings</h2>\n<section id=\"findings\">\n");
        foreach (var finding in s.Findings.DefaultIfEmpty("No failures, and nothing else worth pointing out."))
        {
            writer.Write($"<p class=\"finding\">{E(finding)}</p>\n");
        }

        if (s.Error is { } error)
        {
            writer.Write($"<p class=\"finding\">The run ended early: {E(error)}</p>\n");
        }

        writer.Write("</section>\n<h2>Charts</h2>\n");
        foreach (var exporter in ChartExporter.All)
        {
            writer.Write($"<figure class=\"chart\" id=\"{E(Path.GetFileNameWithoutExtension(exporter.FileName))}\">\n");
            writer.Write(Plots.Svg(exporter.Build(run), document: false));
            writer.Write("</figure>\n");
        }

        var thresholds = ReportTables.Thresholds(s);
        if (thresholds.Count > 0)
        {
            writer.Write($"<h2>Thresholds: {(s.ThresholdsPassed ? "all passed" : "FAILED")}</h2>\n");
            Table(writer, thresholds, "thresholds");
        }

        writer.Write("<h2>Comparison</h2>\n");
        Table(writer, ReportTables.Comparison(s), "comparison");
        var predicted = ReportTables.PredictedVersusMeasured(s);
        if (predicted.Count > 0)
        {
            writer.Write("<h2>Predicted versus measured</h2>\n<p>The simulator's prediction for the same scenario, on the settings that were in force.</p>\n");
            Table(writer, predicted, "predicted");
        }

        writer.Write("</body>\n</html>\n");
    }

    private static void Table(TextWriter writer, IReadOnlyList<IReadOnlyList<string>> rows, string id)
    {
        writer.Write($"<table id=\"{id}\">\n<tr>{string.Concat(rows[0].Select(c => $"<th>{E(c)}</th>"))}</tr>\n");
        foreach (var row in rows.Skip(1))
        {
            writer.Write($"<tr>{string.Concat(row.Select(c => $"<td>{E(c)}</td>"))}</tr>\n");
        }

        writer.Write("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
