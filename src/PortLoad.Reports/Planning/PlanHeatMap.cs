using System.Globalization;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using PortLoad.Charts;

namespace PortLoad.Planning;

/// <summary>
/// A plan's heat map, one panel a strategy on the same axes: rate per instance across, instances up, each cell
/// coloured by the time to its first failure (Okabe-Ito: bluish green never, sky blue days, yellow hours, orange
/// minutes, vermillion seconds) and labelled with it; the sustainable frontier as a black step line, the scenario's
/// own cell outlined. The grid's values are evenly spaced whatever their numbers, as a table's columns are.
/// </summary>
public static class PlanHeatMap
{
    /// <summary>One panel's size in a report or file.</summary>
    public static readonly ChartLook Look = ChartLook.Report with { Width = 520, Height = 440, LegendBeside = false };

    public static readonly IReadOnlyDictionary<TimeToFailure, OxyColor> Colors = new Dictionary<TimeToFailure, OxyColor>
    {
        [TimeToFailure.Never] = OxyColor.FromRgb(0x00, 0x9E, 0x73),
        [TimeToFailure.Days] = OxyColor.FromRgb(0x56, 0xB4, 0xE9),
        [TimeToFailure.Hours] = OxyColor.FromRgb(0xF0, 0xE4, 0x42),
        [TimeToFailure.Minutes] = OxyColor.FromRgb(0xE6, 0x9F, 0x00),
        [TimeToFailure.Seconds] = OxyColor.FromRgb(0xD5, 0x5E, 0x00),
    };

    public static PlotModel Model(FleetPlan plan, string strategy, ChartLook look)
    {
        var rates = plan.Grid.Rates;
        var instances = plan.Grid.Instances;
        var model = new PlotModel
        {
            Title = strategy,
            Subtitle = Invariant.Format($"first failure within {PlanReport.Horizon(plan.Grid.Horizon)}; outlined: this scenario"),
            Culture = CultureInfo.InvariantCulture,
            DefaultFont = "Arial",
            DefaultFontSize = look.FontSize,
            TitleFontSize = look.FontSize * 1.25,
            SubtitleFontSize = look.FontSize,
            Background = OxyColors.White,
            PlotAreaBorderColor = look.Border,
        };
        model.Axes.Add(GridAxis(AxisPosition.Bottom, "new connections/s per instance", [.. rates.Select(r => Plots.Si(r))]));
        model.Axes.Add(GridAxis(AxisPosition.Left, "instances", [.. instances.Select(n => Plots.Si(n))]));
        for (var i = 0; i < rates.Count; i++)
        {
            for (var j = 0; j < instances.Count; j++)
            {
                var cell = plan.Cell(strategy, instances[j], rates[i]);
                var band = PlanReport.Band(cell.FirstFailureSeconds);
                model.Annotations.Add(new RectangleAnnotation
                {
                    MinimumX = i - 0.5, MaximumX = i + 0.5, MinimumY = j - 0.5, MaximumY = j + 0.5,
                    Fill = Colors[band],
                    Stroke = OxyColors.White,
                    StrokeThickness = 1.5,
                    Text = PlanReport.Short(cell.FirstFailureSeconds),
                    TextColor = band is TimeToFailure.Never or TimeToFailure.Seconds ? OxyColors.White : OxyColors.Black,
                    FontSize = look.FontSize,
                    Layer = AnnotationLayer.BelowSeries,
                });
            }
        }

        if (IndexOf(rates, plan.ScenarioRate ?? double.NaN) is var x and >= 0 && IndexOf(instances, plan.ScenarioInstances) is var y and >= 0)
        {
            model.Annotations.Add(new RectangleAnnotation
            {
                MinimumX = x - 0.46, MaximumX = x + 0.46, MinimumY = y - 0.46, MaximumY = y + 0.46,
                Fill = OxyColors.Transparent, Stroke = OxyColors.Black, StrokeThickness = 3, Layer = AnnotationLayer.AboveSeries,
            });
        }

        model.Series.Add(Frontier(plan, strategy));
        foreach (var (band, color) in Colors)
        {
            // Legend entries only: the cells are annotations.
            model.Series.Add(new ScatterSeries { Title = band.ToString().ToLowerInvariant(), MarkerType = MarkerType.Square, MarkerFill = color, MarkerSize = 6 });
        }

        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.BottomCenter,
            LegendPlacement = LegendPlacement.Outside,
            LegendOrientation = LegendOrientation.Horizontal,
            LegendFontSize = look.FontSize,
            LegendTextColor = look.Text,
        });
        return model;
    }

    /// <summary>Every strategy's panel side by side in one SVG document (or element, to inline in HTML).</summary>
    public static string Svg(FleetPlan plan, bool document = true)
    {
        var strategies = plan.Strategies;
        var width = Look.Width * strategies.Count;
        var panels = strategies.Select((s, i) =>
        {
            var svg = Plots.WithIdPrefix(Plots.Export(Model(plan, s, Look), Look, document: false), Invariant.Format($"plan{i}-"));
            // OxyPlot starts even an element with an XML declaration: the panel starts at its <svg>.
            var at = svg.IndexOf("<svg ", StringComparison.Ordinal);
            return string.Concat(Invariant.Format($"<svg x=\"{i * Look.Width}\" y=\"0\" "), svg.AsSpan(at + 5));
        });
        var head = document ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" : "";
        return head + Invariant.Format($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Look.Height}\" viewBox=\"0 0 {width} {Look.Height}\">\n")
            + string.Join("\n", panels) + "\n</svg>\n";
    }

    /// <summary>The frontier: over each rate's column, the top of the largest fleet that never fails at it.</summary>
    private static LineSeries Frontier(FleetPlan plan, string strategy)
    {
        var line = new LineSeries { Title = "frontier", Color = OxyColors.Black, StrokeThickness = 3 };
        var instances = plan.Grid.Instances;
        foreach (var (i, (_, largest)) in plan.Frontier(strategy).Index())
        {
            var top = IndexOf(instances, largest) + 0.5; // -1 when none: the line runs along the bottom
            line.Points.Add(new DataPoint(i - 0.5, top));
            line.Points.Add(new DataPoint(i + 0.5, top));
        }

        return line;
    }

    private static int IndexOf<T>(IReadOnlyList<T> values, T value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (Equals(values[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>An axis of evenly spaced grid values, labelled with them.</summary>
    private static LinearAxis GridAxis(AxisPosition position, string title, IReadOnlyList<string> labels) => new()
    {
        Position = position,
        Title = title,
        Minimum = -0.5,
        Maximum = labels.Count - 0.5,
        MajorStep = 1,
        MinorStep = 1,
        TickStyle = TickStyle.None,
        IsZoomEnabled = false,
        IsPanEnabled = false,
        LabelFormatter = v => Math.Abs(v - Math.Round(v)) < 1e-9 && Math.Round(v) is var k && k >= 0 && k < labels.Count ? labels[(int)k] : "",
    };
}
