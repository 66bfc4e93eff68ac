using System.Globalization;
using System.Security;
using System.Text;

namespace PortLoad.Charts;

/// <summary>
/// Renders a <see cref="Chart"/> as a standalone SVG 1.1 document: plot area, axes with ticks on nice
/// steps, series as polylines, labelled reference lines and markers, a legend under the plot. Tick
/// counts follow the room available so labels do not overlap. Numbers use the invariant culture.
/// </summary>
public static class SvgChartRenderer
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
    private const int Left = 64;
    private const int Right = 24;
    private const int Top = 36;
    private const int LegendRow = 18;

    public static string Render(Chart chart, int width = 720, int height = 360)
    {
        var legendRows = (chart.Series.Count + 2) / 3;
        var bottom = 44 + (legendRows * LegendRow);
        var plotWidth = width - Left - Right;
        var plotHeight = height - Top - bottom;
        var (xMin, xMax) = Range(chart.X, chart.Series.SelectMany(s => s.Points.Select(p => p.X)).Concat(chart.Markers.Select(m => m.X)), includeZero: false);
        var (yMin, yMax) = Range(chart.Y, chart.Series.SelectMany(s => s.Points.Select(p => p.Y)).Concat(chart.ReferenceLines.Select(r => r.Y)), includeZero: true);
        var xTicks = chart.X.Kind == AxisKind.Time ? Ticks.NiceTime(xMin, xMax, Math.Max(2, plotWidth / 80)) : Ticks.Nice(xMin, xMax, Math.Max(2, plotWidth / 80));
        var yTicks = Ticks.Nice(yMin, yMax, Math.Max(2, plotHeight / 40));
        (xMin, xMax) = (Math.Min(xMin, xTicks[0]), Math.Max(xMax, xTicks[^1]));
        (yMin, yMax) = (Math.Min(yMin, yTicks[0]), Math.Max(yMax, yTicks[^1]));
        double Px(double x) => Left + ((x - xMin) / (xMax - xMin) * plotWidth);
        double Py(double y) => Top + plotHeight - ((y - yMin) / (yMax - yMin) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(Invariant.Format($"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(Invariant.Format($"<title>{Escape(chart.Title)}</title>\n"));
        svg.Append(Invariant.Format($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant.Format($"<text class=\"title\" x=\"{width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(chart.Title)}</text>\n"));

        svg.Append("<g class=\"grid\" stroke=\"#e5e5e5\">\n");
        foreach (var t in yTicks)
        {
            svg.Append(Invariant.Format($"<line x1=\"{Left}\" y1=\"{F(Py(t))}\" x2=\"{Left + plotWidth}\" y2=\"{F(Py(t))}\"/>\n"));
        }

        svg.Append("</g>\n<g class=\"axes\" stroke=\"#333\">\n");
        svg.Append(Invariant.Format($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\"/>\n"));
        svg.Append(Invariant.Format($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\"/>\n"));
        svg.Append("</g>\n<g class=\"x-ticks\" text-anchor=\"middle\">\n");
        foreach (var t in xTicks)
        {
            var label = chart.X.Kind == AxisKind.Time ? Ticks.Time(t, xMax - xMin) : Ticks.Si(t);
            svg.Append(Invariant.Format($"<text x=\"{F(Px(t))}\" y=\"{Top + plotHeight + 16}\">{label}</text>\n"));
        }

        svg.Append("</g>\n<g class=\"y-ticks\" text-anchor=\"end\">\n");
        foreach (var t in yTicks)
        {
            svg.Append(Invariant.Format($"<text x=\"{Left - 6}\" y=\"{F(Py(t) + 4)}\">{Ticks.Si(t)}</text>\n"));
        }

        svg.Append("</g>\n");
        svg.Append(Invariant.Format($"<text class=\"x-label\" x=\"{Left + (plotWidth / 2)}\" y=\"{Top + plotHeight + 32}\" text-anchor=\"middle\">{Escape(chart.X.Label)}</text>\n"));
        svg.Append(Invariant.Format($"<text class=\"y-label\" transform=\"translate(14,{Top + (plotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(chart.Y.Label)}</text>\n"));

        foreach (var line in chart.ReferenceLines)
        {
            var y = F(Py(line.Y));
            svg.Append(Invariant.Format($"<g class=\"reference\"><line x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + plotWidth}\" y2=\"{y}\" stroke=\"#555\" stroke-dasharray=\"2,3\"/>"));
            svg.Append(Invariant.Format($"<text x=\"{Left + plotWidth - 4}\" y=\"{F(Py(line.Y) - 4)}\" text-anchor=\"end\" fill=\"#555\">{Escape(line.Label)}</text></g>\n"));
        }

        // Each marker's label on a line of its own, so markers close together stay readable.
        foreach (var (marker, i) in chart.Markers.Select((m, i) => (m, i)))
        {
            var x = F(Px(marker.X));
            svg.Append(Invariant.Format($"<g class=\"marker\"><line x1=\"{x}\" y1=\"{Top}\" x2=\"{x}\" y2=\"{Top + plotHeight}\" stroke=\"#b00\" stroke-dasharray=\"4,2\"/>"));
            svg.Append(Invariant.Format($"<text x=\"{F(Px(marker.X) + 4)}\" y=\"{Top + 12 + (14 * i)}\" fill=\"#b00\">{Escape(marker.Label)}</text></g>\n"));
        }

        for (var i = 0; i < chart.Series.Count; i++)
        {
            var series = chart.Series[i];
            var color = Palette[i % Palette.Length];
            var points = string.Join(" ", Path(series).Select(p => $"{F(Px(p.X))},{F(Py(p.Y))}"));
            var dash = series.Dashed ? " stroke-dasharray=\"6,4\"" : "";
            svg.Append(Invariant.Format($"<polyline class=\"series\" data-name=\"{Escape(series.Name)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\"{dash} points=\"{points}\"/>\n"));
        }

        svg.Append("<g class=\"legend\">\n");
        for (var i = 0; i < chart.Series.Count; i++)
        {
            var x = Left + ((i % 3) * (plotWidth / 3));
            var y = height - bottom + 48 + ((i / 3) * LegendRow);
            var dash = chart.Series[i].Dashed ? " stroke-dasharray=\"6,4\"" : "";
            svg.Append(Invariant.Format($"<line x1=\"{x}\" y1=\"{y - 4}\" x2=\"{x + 20}\" y2=\"{y - 4}\" stroke=\"{Palette[i % Palette.Length]}\" stroke-width=\"2\"{dash}/>"));
            svg.Append(Invariant.Format($"<text x=\"{x + 26}\" y=\"{y}\">{Escape(chart.Series[i].Name)}</text>\n"));
        }

        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private static IEnumerable<(double X, double Y)> Path(Series series)
    {
        (double X, double Y)? previous = null;
        foreach (var point in series.Points)
        {
            if (series.Stepped && previous is { } p)
            {
                yield return (point.X, p.Y);
            }

            yield return point;
            previous = point;
        }
    }

    private static (double Min, double Max) Range(Axis axis, IEnumerable<double> values, bool includeZero)
    {
        var list = values.Where(double.IsFinite).ToList();
        var min = axis.Min ?? (list.Count == 0 ? 0 : list.Min());
        var max = axis.Max ?? (list.Count == 0 ? 1 : list.Max());
        // Values and time start from zero unless the axis says otherwise.
        if ((includeZero || axis.Kind == AxisKind.Time) && axis.Min is null)
        {
            min = Math.Min(0, min);
        }

        return max > min ? (min, max) : (min, min + 1);
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);
}
