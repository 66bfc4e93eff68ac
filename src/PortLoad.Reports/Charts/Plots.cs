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

    public const int Width = 900;
    public const int Height = 400;

    /// <summary>Time axes spanning this many seconds or more are drawn in minutes.</summary>
    private const double MinutesFrom = 300;

    private static readonly MarkerType[] Markers = [MarkerType.None, MarkerType.Circle, MarkerType.Square, MarkerType.Triangle, MarkerType.Diamond, MarkerType.Cross];

    public static PlotModel Model(Chart chart)
    {
        var inMinutes = chart.X.Kind == AxisKind.Time && Span(chart) >= MinutesFrom;
        var scale = inMinutes ? 1 / 60.0 : 1;
        var model = new PlotModel
        {
            Title = chart.Title,
            Culture = CultureInfo.InvariantCulture,
            DefaultFont = "Arial", // OxyPlot measures text with its built-in Arial metrics; Liberation Sans has the same widths
            TitleFontSize = 15,
            Background = OxyColors.White,
            PlotAreaBorderColor = OxyColor.FromRgb(0x55, 0x55, 0x55),
        };
        model.Legends.Add(new Legend
        {
            // One item a row, beside the plot: a row of long names measured short would overlap.
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = LegendPosition.RightTop,
            LegendOrientation = LegendOrientation.Vertical,
            LegendBorderThickness = 0,
        });
        model.Axes.Add(XAxis(chart.X, inMinutes));
        model.Axes.Add(YAxis(chart.Y));

        var groups = chart.Series.Select(s => s.Group).Where(g => g is not null).Distinct().ToList();
        foreach (var series in chart.Series)
        {
            var group = series.Group is null ? -1 : groups.IndexOf(series.Group);
            model.Series.Add(series.Line == LineKind.Band ? Band(series, scale) : Line(series, group, scale));
        }

        foreach (var line in chart.ReferenceLines)
        {
            model.Annotations.Add(new LineAnnotation
            {
                Type = LineAnnotationType.Horizontal, Y = line.Y, Text = line.Label,
                Color = OxyColor.FromRgb(0x44, 0x44, 0x44), LineStyle = LineStyle.Dash, TextColor = OxyColor.FromRgb(0x44, 0x44, 0x44),
                TextVerticalAlignment = VerticalAlignment.Bottom, // above the line, clear of the axis
            });
        }

        // Each marker's label at its own height along the line, so markers close together stay readable.
        foreach (var (marker, i) in chart.Markers.Select((m, i) => (m, i)))
        {
            model.Annotations.Add(new LineAnnotation
            {
                Type = LineAnnotationType.Vertical, X = marker.X * scale, Text = marker.Label,
                Color = OxyColor.FromRgb(0xB0, 0x00, 0x00), TextColor = OxyColor.FromRgb(0xB0, 0x00, 0x00), LineStyle = LineStyle.Dash,
                TextLinePosition = Math.Max(0.05, 0.95 - (0.12 * i)), TextOrientation = AnnotationTextOrientation.Horizontal,
                TextHorizontalAlignment = HorizontalAlignment.Left,
            });
        }

        return model;
    }

    /// <summary>A standalone SVG document (a .svg file); <paramref name="document"/> false: the &lt;svg&gt; element alone, to inline in HTML.</summary>
    public static string Svg(Chart chart, bool document = true) =>
        OxyPlot.SvgExporter.ExportToString(Model(chart), Width, Height, document, TextMeasurer);

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

    private static OxyAxis XAxis(Axis axis, bool inMinutes)
    {
        var x = axis.Kind == AxisKind.Log ? (OxyAxis)new LogarithmicAxis() : new LinearAxis();
        x.Position = AxisPosition.Bottom;
        x.Title = axis.Kind == AxisKind.Time ? $"{axis.Label} ({(inMinutes ? "min" : "s")})" : axis.Label;
        x.Minimum = axis.Min ?? (axis.Kind == AxisKind.Time ? 0 : double.NaN);
        x.Maximum = axis.Max ?? double.NaN;
        x.LabelFormatter = Si;
        x.MajorGridlineStyle = LineStyle.Solid;
        x.MajorGridlineColor = OxyColor.FromRgb(0xE5, 0xE5, 0xE5);
        return x;
    }

    private static OxyAxis YAxis(Axis axis)
    {
        var y = axis.Kind == AxisKind.Log ? (OxyAxis)new LogarithmicAxis() : new LinearAxis { Minimum = axis.Min ?? 0 };
        y.Position = AxisPosition.Left;
        y.Title = axis.Label;
        y.AxisTitleDistance = 10;
        y.Maximum = axis.Max ?? double.NaN;
        y.MaximumPadding = 0.08;
        y.LabelFormatter = Si;
        y.MajorGridlineStyle = LineStyle.Solid;
        y.MajorGridlineColor = OxyColor.FromRgb(0xE5, 0xE5, 0xE5);
        return y;
    }

    /// <param name="group">The series' group, by order of appearance; -1: none (black, thin).</param>
    private static LineSeries Line(Series series, int group, double scale)
    {
        var color = group < 0 ? OxyColors.Black : Palette[group % Palette.Count];
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
        var xs = chart.Series.SelectMany(s => s.Points.Select(p => p.X)).Concat(chart.Markers.Select(m => m.X)).ToList();
        return xs.Count == 0 ? 0 : xs.Max() - Math.Min(0, xs.Min());
    }
}
