using OxyPlot;
using OxyPlot.SkiaSharp;
using SkiaSharp;
using static PortLoad.Reports.PdfReportExporter;

namespace PortLoad.Reports;

/// <summary>Lays text, tables and charts down A4 pages, starting a new page when the next item does not fit.</summary>
internal sealed class PdfPages(SKDocument document) : IDisposable
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

    /// <summary>A chart the page's width (less the margins), <paramref name="height"/> tall.</summary>
    public void Chart(PlotModel model, float height = ChartHeight)
    {
        Room(height + 10);
        _canvas!.Save();
        _canvas.Translate(Margin, _y);
        var context = new SkiaRenderContext { RenderTarget = RenderTarget.VectorGraphic, SkCanvas = _canvas, UseTextShaping = false };
        ((IPlotModel)model).Update(true);
        ((IPlotModel)model).Render(context, new OxyRect(0, 0, PageWidth - (2 * Margin), height));
        _canvas.Restore();
        _y += height + 10;
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
