using System.Net;
using PortLoad.Reports;
using PortLoad.Results;
using SkiaSharp;

namespace PortLoad.Planning;

/// <summary>The files of a plan's folder, written like every results folder: through exporters, atomically.</summary>
public static class PlanExporters
{
    public static IReadOnlyList<IResultExporter<FleetPlan>> All { get; } =
    [
        new TextExporter("plan.svg", (plan, writer) => writer.Write(PlanHeatMap.Svg(plan))),
        new TextExporter("plan.json", (plan, writer) => writer.Write(PlanReport.Json(plan))),
        new TextExporter("plan.md", (plan, writer) => writer.Write(PlanReport.Markdown(plan))),
        new TextExporter("report.html", Html),
        new PdfExporter(),
    ];

    public static ResultsWriter<FleetPlan> Writer { get; } = new(All);

    /// <summary>report.html: the heat map inline, then each strategy's answers, grid and limits; no scripts, nothing fetched.</summary>
    private static void Html(FleetPlan plan, TextWriter writer)
    {
        writer.Write($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>PortLoad plan: {E(plan.Scenario)}</title>
            <style>
            body {"{"} font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; {"}"}
            h1 {"{"} font-size: 1.6em; {"}"} h2 {"{"} font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; {"}"}
            table {"{"} border-collapse: collapse; margin: 0.5em 0; {"}"} td, th {"{"} border: 1px solid #ccc; padding: 3px 8px; text-align: right; {"}"}
            td:first-child, th:first-child {"{"} text-align: left; {"}"} svg {"{"} max-width: 100%; height: auto; {"}"}
            </style>
            </head>
            <body>
            <h1>PortLoad plan: {E(plan.Scenario)}</h1>
            <p>{E(PlanReport.Lead(plan))}</p>
            <figure>{PlanHeatMap.Svg(plan, document: false)}</figure>

            """);
        foreach (var strategy in plan.Strategies)
        {
            writer.Write($"<h2>{E(strategy)}</h2>\n<ul>\n{string.Concat(PlanReport.Answers(plan, strategy).Select(a => $"<li>{E(a)}</li>\n"))}</ul>\n<table>\n");
            foreach (var (row, i) in PlanReport.Table(plan, strategy).Select((r, i) => (r, i)))
            {
                var cell = i == 0 ? "th" : "td";
                writer.Write($"<tr>{string.Concat(row.Select(c => $"<{cell}>{E(c)}</{cell}>"))}</tr>\n");
            }

            writer.Write($"</table>\n<p>What binds:</p>\n<ul>\n{string.Concat(PlanReport.Binds(plan, strategy).Select(b => $"<li>{E(b)}</li>\n"))}</ul>\n");
        }

        foreach (var t in plan.Thresholds)
        {
            writer.Write($"<p>Threshold {E(t.Bound)}: {E(Invariant.Format($"{t.Value:0.###}"))}, {(t.Passed ? "pass" : "<strong>FAIL</strong>")}</p>\n");
        }

        writer.Write("</body>\n</html>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private sealed class TextExporter(string fileName, Action<FleetPlan, TextWriter> write) : ITextResultExporter<FleetPlan>
    {
        public string FileName => fileName;

        public void Write(FleetPlan result, TextWriter writer) => write(result, writer);
    }

    /// <summary>report.pdf: the same as report.html on A4 pages, a heat map a strategy.</summary>
    private sealed class PdfExporter : IResultExporter<FleetPlan>
    {
        public string FileName => "report.pdf";

        public void Export(FleetPlan plan, Stream stream)
        {
            using var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = $"PortLoad plan: {plan.Scenario}", Creator = "PortLoad", Producer = "PortLoad" });
            using var page = new PdfPages(document);
            page.Heading($"PortLoad plan: {plan.Scenario}", 18);
            page.Paragraph(PlanReport.Lead(plan), 10);
            foreach (var strategy in plan.Strategies)
            {
                page.Heading(strategy, 13, keepWith: 420);
                page.Chart(PlanHeatMap.Model(plan, strategy, PlanHeatMap.Look with { Width = 515, Height = 420 }), 420);
                foreach (var answer in PlanReport.Answers(plan, strategy))
                {
                    page.Paragraph("• " + answer, 9.5f);
                }

                page.Table(PlanReport.Table(plan, strategy));
                page.Paragraph("What binds:", 9.5f);
                foreach (var limit in PlanReport.Binds(plan, strategy))
                {
                    page.Paragraph("• " + limit, 9.5f);
                }
            }

            foreach (var t in plan.Thresholds)
            {
                page.Paragraph(Invariant.Format($"Threshold {t.Bound}: {t.Value:0.###}, {(t.Passed ? "pass" : "FAIL")}"), 9.5f);
            }
        }
    }
}
