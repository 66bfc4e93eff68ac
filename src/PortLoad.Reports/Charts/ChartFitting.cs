using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyAxis = OxyPlot.Axes.Axis;

namespace PortLoad.Charts;

/// <summary>
/// Keeps a chart's words and marks inside its drawing, whatever its size: the axes reach the reference lines and
/// markers (a port space above every point is still drawn), the title shrinks to the drawing's width, and each
/// marker's label goes where it has room (right of its line, left of it, or centred on it), cut short only where
/// no place is wide enough.
/// </summary>
internal static class ChartFitting
{
    /// <summary>Between a label and the plot area's edge.</summary>
    private const double Gap = 4;

    /// <summary>Stretches axes the chart leaves open to its reference lines and markers; before layout.</summary>
    public static void Reach(Chart chart, OxyAxis x, OxyAxis y, double scale)
    {
        var ys = chart.Series.SelectMany(s => s.Points.Select(p => p.Y)).DefaultIfEmpty(0).ToList();
        if (chart.Y.Max is null && chart.ReferenceLines.Count > 0 && chart.ReferenceLines.Max(l => l.Y) is var top && top > ys.Max())
        {
            y.Maximum = top * 1.1; // room above the line for its label
        }

        var xs = chart.Series.SelectMany(s => s.Points.Select(p => p.X)).ToList();
        if (chart.Markers.Count == 0 || xs.Count == 0)
        {
            return;
        }

        var (low, high) = (chart.Markers.Min(m => m.X), chart.Markers.Max(m => m.X));
        var log = x is LogarithmicAxis;
        var margin = (Math.Max(high, xs.Max()) - Math.Min(low, xs.Min())) * 0.03;
        if (chart.X.Min is null && double.IsNaN(x.Minimum) && low < xs.Min())
        {
            x.Minimum = (log ? low / 1.2 : low - margin) * scale;
        }

        if (chart.X.Max is null && high > xs.Max())
        {
            x.Maximum = (log ? high * 1.2 : high + margin) * scale;
        }
    }

    /// <summary>The title in smaller type where it would be wider than the drawing, down to the chart's type size.</summary>
    public static void Title(PlotModel model, ChartLook look, IRenderContext measurer)
    {
        var room = look.Width - (2 * Gap);
        var width = measurer.MeasureText(model.Title ?? "", model.DefaultFont, model.TitleFontSize, model.TitleFontWeight).Width;
        if (width > room)
        {
            model.TitleFontSize = Math.Max(look.FontSize, model.TitleFontSize * room / width);
        }
    }

    /// <summary>Places the markers' labels; after a layout pass, when the plot area and the axes' scales are known.</summary>
    public static void MarkerLabels(PlotModel model, IRenderContext measurer)
    {
        var area = model.PlotArea;
        foreach (var marker in model.Annotations.OfType<LineAnnotation>().Where(a => a.Type == LineAnnotationType.Vertical && !string.IsNullOrEmpty(a.Text)))
        {
            var at = model.DefaultXAxis.Transform(marker.X);
            if (at < area.Left || at > area.Right)
            {
                continue;
            }

            var size = double.IsNaN(marker.FontSize) ? model.DefaultFontSize : marker.FontSize;
            var room = (Right: area.Right - at - Gap, Left: at - area.Left - Gap);
            var text = Fit(marker.Text!, Math.Max(Math.Max(room.Right, room.Left), Math.Min(room.Right, room.Left) * 2), model.DefaultFont, size, measurer);
            var width = measurer.MeasureText(text, model.DefaultFont, size, marker.FontWeight).Width;
            marker.Text = text;
            marker.TextHorizontalAlignment = width <= room.Right ? HorizontalAlignment.Left
                : width <= room.Left ? HorizontalAlignment.Right
                : width / 2 <= Math.Min(room.Right, room.Left) ? HorizontalAlignment.Center
                : room.Right >= room.Left ? HorizontalAlignment.Left : HorizontalAlignment.Right;
        }
    }

    /// <summary><paramref name="text"/>, or as much of it as fits <paramref name="room"/> with an ellipsis.</summary>
    private static string Fit(string text, double room, string font, double size, IRenderContext measurer)
    {
        if (measurer.MeasureText(text, font, size).Width <= room)
        {
            return text;
        }

        for (var length = text.Length - 1; length > 1; length--)
        {
            var shorter = text[..length].TrimEnd() + "…";
            if (measurer.MeasureText(shorter, font, size).Width <= room)
            {
                return shorter;
            }
        }

        return "…";
    }
}
