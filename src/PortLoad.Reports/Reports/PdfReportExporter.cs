using OxyPlot;
using OxyPlot.SkiaSharp;
using PortLoad.Charts;
using PortLoad.Results;
using SkiaSharp;

namespace PortLoad.Reports;

/// <summary>
/// report.pdf, a hand-out: the facts, findings, comparison tables and charts of report.html on A4 pages.
/// Skia writes the PDF; the charts are the same OxyPlot models, drawn by OxyPlot's Skia renderer.
/// </summary>
public sealed class PdfReportExporter : IResultExporter
{
    internal const float PageWidth = 595;
    internal const float PageHeight = 842;
    internal const float Margin = 40;
    internal const float ChartHeight = 330;

    /// <summary>A chart as the page draws it: A4's width less the margins, by <see cref="ChartHeight"/>.</summary>
    public static readonly ChartLook ChartLook = ChartLook.Report with { Width = (int)(PageWidth - (2 * Margin)), Height = (int)ChartHeight, LegendBeside = false };

    public string FileName => "report.pdf";

    public void Export(ScenarioRun run, Stream stream)
    {
        var s = run.Summary;
        using var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = $"PortLoad report: {s.Scenario}", Creator = "PortLoad", Producer = "PortLoad", Creation = s.StartedAt.UtcDateTime, Modified = s.StartedAt.UtcDateTime });
        using var page = new PdfPages(document);
        var blocks = ReportOutline.For(run);
        for (var i = 0; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case ReportBlock.Title title:
                    page.Heading(title.Text, 18);
                    page.Paragraph(title.Description, 10);
                    break;
                case ReportBlock.Facts facts:
                    page.Table([.. facts.Rows.Select(f => (IReadOnlyList<string>)[f.Label, f.Value])], header: false);
                    break;
                case ReportBlock.Heading heading:
                    // A heading stays with the start of what it heads: never alone at the foot of a page.
                    page.Heading(heading.Text, 13, keepWith: i + 1 < blocks.Count && blocks[i + 1] is ReportBlock.Charts ? ChartHeight + 10 : 40);
                    break;
                case ReportBlock.Findings findings:
                    foreach (var finding in findings.Items)
                    {
                        page.Paragraph("• " + finding, 9.5f);
                    }

                    if (findings.EndedEarly is { } ended)
                    {
                        page.Paragraph(ended, 9.5f);
                    }

                    break;
                case ReportBlock.Note note:
                    page.Paragraph(note.Text, 9.5f);
                    break;
                case ReportBlock.Table table:
                    page.Table(table.Rows);
                    break;
                case ReportBlock.Charts charts:
                    foreach (var chart in charts.Files)
                    {
                        page.Chart(Plots.Model(chart.Build(run), ChartLook));
                    }

                    break;
            }
        }
    }
}
