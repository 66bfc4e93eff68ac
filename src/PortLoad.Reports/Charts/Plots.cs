using System.Globalization;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using OxyPlot.SkiaSharp;
using OxyAxis = OxyPlot.Axes.Axis;

namespace PortLoad.Charts;

/// <summary>
/// Turns a <see cref="Chart"/> into an OxyPlot <see cref="PlotModel"/> and exports it (SVG with OxyPlot.Core's
/// exporter, PDF pages through OxyPlot.SkiaSharp). One colour per group from the Okabe-Ito palette, which
/// colour-blind readers tell apart; within a group, solid, dashed and dotted lines. Series drawn later are
/// thinner and carry a different marker, so a line exactly on top of another still shows both.
/// </summary>
public static class Plots
{
    /// <summary>Okabe-Ito, without its yellow (too pale on white).</summary>
    public static readonly IReadOnlyList<OxyColor> Palette =
    [
        OxyColor.FromRgb(0x00, 0x72, 0xB2), OxyColor.FromRgb(0xD5, 0x5E, 0x00), OxyColor.FromRgb(0x00, 0x9E, 0x73),
        OxyColor.FromRgb(0xCC, 0x79, 0xA7), OxyColor.FromRgb(0xE6, 0x9F, 0x00), OxyColor.FromRgb(0x56, 0xB4, 0xE9),
    ];

    public static readonly OxyColor BandColor = OxyColor.FromAColor(90, OxyColors.Gray);

    /// <summary>Time axes spanning this many seconds or more are drawn in minutes.</summary>
    private const double MinutesFrom = 300;

    private static readonly MarkerType[] Markers = [MarkerType.None, MarkerType.Circle, MarkerType.Square, MarkerType.Triangle, MarkerType.Diamond, MarkerType.Cross];

    public static PlotModel Model(Chart chart) => Model(chart, ChartLook.Report);

    /// <summary>The chart as an OxyPlot model drawn in <paramref name="look"/>, its words fitted to that size.</summary>
    public static PlotModel Model(Chart chart, ChartLook look)
    {
        var model = Build(chart, look);
        ChartFitting.Title(model, look, TextMeasurer);
        _ = OxyPlot.SvgExporter.ExportToString(model, look.Width, look.Height, false, TextMeasurer); // lays it out
        ChartFitting.MarkerLabels(model, TextMeasurer);
        return model;
    }

    private static PlotModel Build(Chart chart, ChartLook look)
    {
        var inMinutes = chart.X.Kind == AxisKind.Time && Span(chart) >= MinutesFrom;
        var scale = inMinutes ? 1 / 60.0 : 1;
        var model = new PlotModel
        {
            Title = chart.Title,
            TitleHorizontalAlignment = TitleHorizontalAlignment.CenteredWithinView,
            Culture = CultureInfo.InvariantCulture,
            DefaultFont = "Arial", // OxyPlot measures text with its built-in Arial metrics; Liberation Sans has the same widths
            DefaultFontSize = look.FontSize,
            TitleFontSize = look.FontSize * 1.25,
            Background = look.Dark ? OxyColors.Transparent : OxyColors.White,
            TextColor = look.Text,
            TitleColor = look.Text,
            PlotAreaBorderColor = look.Border,
            IsLegendVisible = look.Legend,
        };
        model.Legends.Add(new Legend
        {
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = look.LegendBeside ? LegendPosition.RightTop : look.Dark ? LegendPosition.TopCenter : LegendPosition.BottomCenter,
            LegendOrientation = look.LegendBeside ? LegendOrientation.Vertical : LegendOrientation.Horizontal,
            LegendBorderThickness = 0,
            LegendFontSize = look.FontSize,
            LegendTextColor = look.Text,
            LegendBackground = OxyColors.Transparent,
        });
        var (x, y) = (XAxis(chart.X, inMinutes, look), YAxis(chart.Y, look));
        ChartFitting.Reach(chart, x, y, scale);
        model.Axes.Add(x);
        model.Axes.Add(y);

        var groups = chart.Series.Select(s => s.Group).Where(g => g is not null).Distinct().ToList();
        foreach (var series in chart.Series)
        {
            var group = series.Group is null ? -1 : groups.IndexOf(series.Group);
            model.Series.Add(series.Line == LineKind.Band ? Band(series, scale) : Line(series, group, scale, look));
        }

        foreach (var line in chart.ReferenceLines)
        {
            model.Annotations.Add(new LineAnnotation
            {
                Type = LineAnnotationType.Horizontal, Y = line.Y, Text = line.Label,
                Color = look.Reference, LineStyle = LineStyle.Dash, TextColor = look.Reference, FontSize = look.FontSize,
                TextVerticalAlignment = VerticalAlignment.Bottom, // above the line, clear of the axis
            });
        }

        // Each marker's label at its own height along the line, so markers close together stay readable, below the top
        // where reference lines' labels are (and on the side of its line where it has room: ChartFitting, once laid out).
        foreach (var (marker, i) in chart.Markers.Select((m, i) => (m, i)))
        {
            model.Annotations.Add(new LineAnnotation
            {
                Type = LineAnnotationType.Vertical, X = marker.X * scale, Text = marker.Label,
                Color = look.Marker, TextColor = look.Marker, LineStyle = LineStyle.Dash, FontSize = look.FontSize,
                TextLinePosition = Math.Max(0.05, 0.8 - (0.12 * i)), TextOrientation = AnnotationTextOrientation.Horizontal,
            });
        }

        return model;
    }

    /// <summary>A standalone SVG document (a .svg file); <paramref name="document"/> false: the &lt;svg&gt; element alone, to inline in HTML.</summary>
    public static string Svg(Chart chart, bool document = true) => Svg(chart, ChartLook.Report, document);

    /// <summary>
    /// The chart as SVG in <paramref name="look"/>. It scales to its box (a viewBox; the width and height stay, for a
    /// file opened alone); inlined (<paramref name="document"/> false), its ids are its own, so that several charts on
    /// one page each clip to their own plot area.
    /// </summary>
    public static string Svg(Chart chart, ChartLook look, bool document)
    {
        var svg = Export(Model(chart, look), look, document);
        var size = Invariant.Format($"width=\"{look.Width}\" height=\"{look.Height}\"");
        svg = ReplaceFirst(svg, "<svg " + size, "<svg " + size + Invariant.Format($" viewBox=\"0 0 {look.Width} {look.Height}\""));
        // From the chart itself, so that the same chart is the same bytes: two charts that share ids are the same.
        return document ? svg : WithIdPrefix(svg, "chart" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(svg)).AsSpan(0, 6)) + "-");
    }

    /// <summary>An OxyPlot model as SVG at <paramref name="look"/>'s size, its text measured with the real font.</summary>
    public static string Export(PlotModel model, ChartLook look, bool document) =>
        OxyPlot.SvgExporter.ExportToString(model, look.Width, look.Height, document, TextMeasurer);

    /// <summary>An inlined SVG's clip-path ids made its own, so that several on one page each clip to their own plot area.</summary>
    public static string WithIdPrefix(string svg, string prefix) =>
        svg.Replace("id=\"clipPath", "id=\"" + prefix + "clipPath", StringComparison.Ordinal)
            .Replace("url(#clipPath", "url(#" + prefix + "clipPath", StringComparison.Ordinal);

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? throw new InvalidOperationException($"OxyPlot's SVG does not start as expected ({old})") : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }

    /// <summary>Text measured with the real font (Skia), not OxyPlot's estimate, which runs narrow and lets labels overlap.</summary>
    private static readonly SkiaRenderContext TextMeasurer = new() { RenderTarget = RenderTarget.VectorGraphic, UseTextShaping = false };

    /// <summary>Labels with SI suffixes: 950, 1.5k, 20k, 1.5M.</summary>
    public static string Si(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude >= 1e6 ? Number(value / 1e6) + "M"
            : magnitude >= 1e4 ? Number(value / 1e3) + "k"
            : Number(value);

        static string Number(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
    }

    private static OxyAxis XAxis(Axis axis, bool inMinutes, ChartLook look)
    {
        var x = axis.Kind == AxisKind.Log ? (OxyAxis)new LogarithmicAxis() : new LinearAxis();
        x.Position = AxisPosition.Bottom;
        x.Title = axis.Kind == AxisKind.Time ? $"{axis.Label} ({(inMinutes ? "min" : "s")})" : axis.Label;
        var scale = inMinutes ? 1 / 60.0 : 1;
        x.Minimum = axis.Min * scale ?? (axis.Kind == AxisKind.Time ? 0 : double.NaN);
        x.Maximum = axis.Max * scale ?? double.NaN;
        x.LabelFormatter = Si;
        x.MajorGridlineStyle = LineStyle.Solid;
        x.MajorGridlineColor = look.Grid;
        x.TicklineColor = look.Border;
        return x;
    }

    private static OxyAxis YAxis(Axis axis, ChartLook look)
    {
        var y = axis.Kind == AxisKind.Log ? (OxyAxis)new LogarithmicAxis() : new LinearAxis { Minimum = axis.Min ?? 0 };
        y.Position = AxisPosition.Left;
        y.Title = axis.Label;
        y.AxisTitleDistance = 10;
        y.Maximum = axis.Max ?? double.NaN;
        y.MaximumPadding = 0.08;
        y.LabelFormatter = Si;
        y.MajorGridlineStyle = LineStyle.Solid;
        y.MajorGridlineColor = look.Grid;
        y.TicklineColor = look.Border;
        return y;
    }

    /// <param name="group">The series' group, by order of appearance; -1: none (black, thin).</param>
    private static LineSeries Line(Series series, int group, double scale, ChartLook look)
    {
        var color = group < 0 ? look.Ungrouped : look.Palette[group % look.Palette.Count];
        var line = series.Stepped ? new StairStepSeries() : new LineSeries();
        line.Title = series.Name;
        line.Color = color;
        line.LineStyle = series.Line switch { LineKind.Dashed => LineStyle.Dash, LineKind.Dotted => LineStyle.Dot, _ => LineStyle.Solid };
        // Earlier groups drawn wider: where later lines lie exactly on them, their colour still shows around.
        line.StrokeThickness = group < 0 ? 1.5 : Math.Max(1.2, 5 - (1.3 * group));
        line.MarkerType = group >= 0 && series.Points.Count <= 40 ? Markers[(group + 1) % Markers.Length] : MarkerType.None;
        line.MarkerSize = 2.5;
        line.MarkerFill = color;
        line.MarkerStroke = color;
        line.Points.AddRange(series.Points.Select(p => new DataPoint(p.X * scale, p.Y)));
        return line;
    }

    private static AreaSeries Band(Series series, double scale)
    {
        var band = new AreaSeries { Title = series.Name, Color = OxyColors.Gray, Fill = BandColor, ConstantY2 = 0, StrokeThickness = 0.5 };
        band.Points.AddRange(series.Points.Select(p => new DataPoint(p.X * scale, p.Y)));
        return band;
    }

    private static double Span(Chart chart)
    {
        var xs = chart.Series.SelectMany(s => s.Points.Select(p => p.X)).Concat(chart.Markers.Select(m => m.X))
            .Concat(new[] { chart.X.Min, chart.X.Max }.OfType<double>()).ToList();
        return xs.Count == 0 ? 0 : xs.Max() - Math.Min(0, xs.Min());
    }
}
