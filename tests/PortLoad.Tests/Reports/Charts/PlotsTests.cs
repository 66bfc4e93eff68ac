using System.Globalization;
using System.Xml.Linq;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Series;
using PortLoad.Charts;
using Series = PortLoad.Charts.Series;

namespace PortLoad.Tests.Charts;

public class PlotsTests
{
    private static readonly Chart Sample = new()
    {
        Title = "TIME_WAIT <sockets> & more",
        X = new Axis("time", AxisKind.Time),
        Y = new Axis("sockets"),
        Series =
        [
            new Series("others", [(0, 0), (5, 200), (10, 200)], LineKind.Band),
            new Series("per-request", [(0, 0), (5, 1000), (10, 1000)], Group: "per-request"),
            new Series("per-request (predicted)", [(0, 0), (5, 1000)], LineKind.Dashed, Group: "per-request"),
            new Series("pooled", [(0, 0), (5, 1000), (10, 1000)], Group: "pooled"),
        ],
        ReferenceLines = [new ReferenceLine(1000, "range 1,000")],
        Markers = [new Marker(5, "a: first EADDRNOTAVAIL"), new Marker(5.2, "b: first EADDRNOTAVAIL")],
    };

    [Test]
    public void Model_PlotsEverySeriesAtItsCoordinates()
    {
        var model = Plots.Model(Sample);

        Assert.Multiple(() =>
        {
            Assert.That(model.Series.Select(s => s.Title), Is.EqualTo(Sample.Series.Select(s => s.Name)));
            Assert.That(model.Series[0], Is.InstanceOf<AreaSeries>(), "the band");
            Assert.That(((LineSeries)model.Series[1]).Points.Select(p => (p.X, p.Y)), Is.EqualTo(Sample.Series[1].Points));
            Assert.That(model.Annotations.OfType<LineAnnotation>().Where(a => a.Type == LineAnnotationType.Horizontal).Select(a => (a.Y, a.Text)), Is.EqualTo(new[] { (1000.0, "range 1,000") }));
            Assert.That(model.Axes[0].Title, Is.EqualTo("time (s)"));
        });
    }

    [Test]
    public void Model_OneColourPerGroup_AndLinesOnTopOfEachOtherStillShow()
    {
        var lines = Plots.Model(Sample).Series.OfType<LineSeries>().Where(s => s is not AreaSeries).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(lines[0].Color, Is.EqualTo(lines[1].Color), "a strategy and its prediction share a colour");
            Assert.That(lines[1].LineStyle, Is.EqualTo(LineStyle.Dash));
            Assert.That(lines[2].Color, Is.Not.EqualTo(lines[0].Color), "another strategy, another colour");
            // per-request and pooled have the same points: the later is thinner, with another marker.
            Assert.That(lines[2].StrokeThickness, Is.LessThan(lines[0].StrokeThickness));
            Assert.That(lines[2].MarkerType, Is.Not.EqualTo(lines[0].MarkerType));
        });
    }

    [Test]
    public void Model_MarkersCloseTogether_LabelsAtDifferentHeights()
    {
        var positions = Plots.Model(Sample).Annotations.OfType<LineAnnotation>().Where(a => a.Type == LineAnnotationType.Vertical).Select(a => a.TextLinePosition).ToList();

        Assert.That(positions, Has.Count.EqualTo(2));
        Assert.That(positions[0] - positions[1], Is.GreaterThanOrEqualTo(0.1));
    }

    [Test]
    public void Model_LongTimeAxis_IsInMinutes()
    {
        var hour = Sample with { Series = [new Series("s", [(0, 0), (3600, 1_500_000)])], Markers = [] };
        var model = Plots.Model(hour);

        Assert.That(model.Axes[0].Title, Is.EqualTo("time (min)"));
        Assert.That(((LineSeries)model.Series[0]).Points[^1].X, Is.EqualTo(60));
    }

    [Test]
    public void Svg_IsValidSvgWithTheTitleEscaped()
    {
        var root = XDocument.Parse(Plots.Svg(Sample)).Root!;

        Assert.That(root.Name.LocalName, Is.EqualTo("svg"));
        Assert.That(root.Descendants().Where(e => e.Name.LocalName == "text").Select(t => t.Value), Has.Member("TIME_WAIT <sockets> & more"));
        Assert.That(root.Descendants().Count(e => e.Name.LocalName == "polyline"), Is.GreaterThanOrEqualTo(4), "a polyline per line series at least");
    }

    [TestCase("de-DE")]
    [TestCase("fr-FR")]
    public void Svg_CommaDecimalCulture_WritesTheSameBytes(string culture)
    {
        var invariant = Plots.Svg(Sample);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            Assert.That(Plots.Svg(Sample), Is.EqualTo(invariant));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [TestCase(950, "950")]
    [TestCase(1500, "1500")]
    [TestCase(20000, "20k")]
    [TestCase(1_500_000, "1.5M")]
    public void Si_ShortensLargeNumbers(double value, string expected) => Assert.That(Plots.Si(value), Is.EqualTo(expected));
}
