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
    private const float PageWidth = 595;
    private const float PageHeight = 842;
    private const float Margin = 40;
    private const float ChartHeight = 330;

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

    /// <summary>Lays text, tables and charts down A4 pages, starting a new page when the next item does not fit.</summary>
    private sealed class PdfPages(SKDocument document) : IDisposable
    {
        private readonly SKTypeface _regular = SKTypeface.FromFamilyName("Liberation Sans") ?? SKTypeface.Default;
        private readonly SKTypeface _bold = SKTypeface.FromFamilyName("Liberation Sans", SKFontStyle.Bold) ?? SKTypeface.Default;
        private SKCanvas? _canvas;
        private float _y;

        /// <param name="keepWith">Room the heading needs below it, for the start of what it heads.</param>
        public void Heading(string text, float size, float keepWith = 0)
        {
            Room((size * 2.2f) + keepWith);
            _y += size * 0.6f;
            Text(text, Margin, size, _bold);
            _y += size * 0.5f;
        }

        public void Paragraph(string text, float size)
        {
            foreach (var line in Wrap(text, PageWidth - (2 * Margin), size, _regular))
            {
                Room(size * 1.4f);
                Text(line, Margin, size, _regular);
            }

            _y += size * 0.4f;
        }

        /// <summary>The first column as wide as its longest label (at most a third of the page); the rest share what is left.</summary>
        public void Table(IReadOnlyList<IReadOnlyList<string>> rows, bool header = true)
        {
            const float size = 8.5f;
            var width = PageWidth - (2 * Margin);
            var columns = rows.Max(r => r.Count);
            var first = Math.Min(width / 3, rows.Max(r => Measure(r[0], size, _regular)) + 8);
            var rest = columns > 1 ? (width - first) / (columns - 1) : 0;
            using var rule = new SKPaint { Color = new SKColor(0xCC, 0xCC, 0xCC), StrokeWidth = 0.5f };
            for (var i = 0; i < rows.Count; i++)
            {
                var cells = rows[i].Select((c, j) => Wrap(c, (j == 0 ? first : rest) - 6, size, _regular)).ToList();
                var height = (cells.Max(c => c.Count) * size * 1.3f) + 3;
                Room(height);
                using var paint = Paint(size, header && i == 0 ? _bold : _regular);
                for (var j = 0; j < cells.Count; j++)
                {
                    var x = j == 0 ? Margin : Margin + first + ((j - 1) * rest);
                    for (var k = 0; k < cells[j].Count; k++)
                    {
                        _canvas!.DrawText(cells[j][k], x + 2, _y + (size * 1.3f * (k + 1)) - 2, paint);
                    }
                }

                _y += height;
                _canvas!.DrawLine(Margin, _y, Margin + width, _y, rule);
            }

            _y += 6;
        }

        public void Chart(PlotModel model)
        {
            Room(ChartHeight + 10);
            _canvas!.Save();
            _canvas.Translate(Margin, _y);
            var context = new SkiaRenderContext { RenderTarget = RenderTarget.VectorGraphic, SkCanvas = _canvas, UseTextShaping = false };
            ((IPlotModel)model).Update(true);
            ((IPlotModel)model).Render(context, new OxyRect(0, 0, ChartLook.Width, ChartLook.Height));
            _canvas.Restore();
            _y += ChartHeight + 10;
        }

        public void Dispose()
        {
            if (_canvas is not null)
            {
                document.EndPage();
            }

            document.Close();
            _regular.Dispose();
            _bold.Dispose();
        }

        private void Room(float height)
        {
            if (_canvas is not null && _y + height <= PageHeight - Margin)
            {
                return;
            }

            if (_canvas is not null)
            {
                document.EndPage();
            }

            _canvas = document.BeginPage(PageWidth, PageHeight);
            _y = Margin;
        }

        private void Text(string text, float x, float size, SKTypeface face)
        {
            _y += size * 1.3f;
            using var paint = Paint(size, face);
            _canvas!.DrawText(text, x, _y - (size * 0.3f), paint);
        }

        private static SKPaint Paint(float size, SKTypeface face) => new() { TextSize = size, Typeface = face, IsAntialias = true, Color = new SKColor(0x22, 0x22, 0x22) };

        private static float Measure(string text, float size, SKTypeface face)
        {
            using var paint = Paint(size, face);
            return paint.MeasureText(text);
        }

        private static List<string> Wrap(string text, float width, float size, SKTypeface face)
        {
            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Measure(candidate, size, face) > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }

            lines.Add(line);
            return lines;
        }
    }
}
