using System.Globalization;
using System.Xml.Linq;
using PortLoad.Charts;

namespace PortLoad.Tests.Charts;

public class SvgChartRendererTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly Chart Sample = new()
    {
        Title = "TIME_WAIT <sockets> & more",
        X = new Axis("time", AxisKind.Time),
        Y = new Axis("sockets"),
        Series =
        [
            new Series("per-request", [(0, 0), (5, 1000), (10, 1000)]),
            new Series("predicted", [(0, 0), (5, 1000)], Dashed: true),
        ],
        ReferenceLines = [new ReferenceLine(1000, "range 1,000")],
        Markers = [new Marker(5, "first EADDRNOTAVAIL")],
    };

    [Test]
    public void Render_IsValidSvg11WithOnePolylinePerSeries()
    {
        var document = XDocument.Parse(SvgChartRenderer.Render(Sample));
        var root = document.Root!;

        Assert.That(root.Name, Is.EqualTo(Svg + "svg"));
        Assert.That(root.Attribute("version")!.Value, Is.EqualTo("1.1"));
        Assert.That(root.Descendants(Svg + "polyline").Select(p => p.Attribute("data-name")!.Value), Is.EqualTo(new[] { "per-request", "predicted" }));
        Assert.That(root.Descendants(Svg + "polyline").Last().Attribute("stroke-dasharray"), Is.Not.Null);
        Assert.That(root.Element(Svg + "title")!.Value, Is.EqualTo("TIME_WAIT <sockets> & more"));
    }

    [Test]
    public void Render_MarkersCloseTogether_LabelLinesDoNotOverlap()
    {
        var crowded = Sample with { Markers = [new Marker(5, "a: first EADDRNOTAVAIL"), new Marker(5.2, "b: first EADDRNOTAVAIL"), new Marker(5.4, "c: first CircuitOpen")] };
        var root = XDocument.Parse(SvgChartRenderer.Render(crowded)).Root!;

        var ys = root.Descendants(Svg + "g").Where(g => g.Attribute("class")?.Value == "marker")
            .Select(g => double.Parse(g.Element(Svg + "text")!.Attribute("y")!.Value, CultureInfo.InvariantCulture)).ToList();

        Assert.That(ys, Has.Count.EqualTo(3));
        Assert.That(ys.Zip(ys.Skip(1), (a, b) => b - a), Has.All.GreaterThanOrEqualTo(12), "one text line apart");
    }

    [Test]
    public void Render_PlotsPointsOnTheAxes()
    {
        var root = XDocument.Parse(SvgChartRenderer.Render(Sample, 720, 360)).Root!;
        var points = root.Descendants(Svg + "polyline").First().Attribute("points")!.Value.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var axes = root.Descendants(Svg + "g").First(g => g.Attribute("class")?.Value == "axes").Elements(Svg + "line").ToArray();
        var xAxisY = double.Parse(axes[0].Attribute("y1")!.Value, CultureInfo.InvariantCulture);
        var yAxisX = double.Parse(axes[1].Attribute("x1")!.Value, CultureInfo.InvariantCulture);
        var reference = double.Parse(root.Descendants(Svg + "g").First(g => g.Attribute("class")?.Value == "reference").Element(Svg + "line")!.Attribute("y1")!.Value, CultureInfo.InvariantCulture);

        Assert.That(points[0], Is.EqualTo(new[] { yAxisX, xAxisY }), "(0, 0) is the origin");
        Assert.That(points[1][1], Is.EqualTo(reference).Within(0.1), "y = 1000 sits on the 1000 reference line");
        Assert.That(points[2][0] - points[1][0], Is.EqualTo(points[1][0] - points[0][0]).Within(0.1), "x is linear");
        Assert.That(points[1][1], Is.LessThan(xAxisY), "y grows upwards");
    }

    [Test]
    public void Render_TickLabelsDoNotOverlap()
    {
        var wide = Sample with { X = new Axis("time", AxisKind.Time), Series = [new Series("s", [(0, 0), (3600, 1_500_000)])] };
        var root = XDocument.Parse(SvgChartRenderer.Render(wide)).Root!;
        var labels = root.Descendants(Svg + "g").First(g => g.Attribute("class")?.Value == "x-ticks").Elements(Svg + "text")
            .Select(t => (X: double.Parse(t.Attribute("x")!.Value, CultureInfo.InvariantCulture), t.Value)).ToList();

        // About 7 px a character at 11 px: neighbours must be further apart than the longer label.
        Assert.That(labels.Zip(labels.Skip(1)).All(p => p.Second.X - p.First.X > 7 * Math.Max(p.First.Value.Length, p.Second.Value.Length)), Is.True);
        Assert.That(labels.Select(l => l.Value), Has.Member("60m"));
    }

    [Test]
    public void Render_CommaCulture_GivesTheSameBytes()
    {
        var invariant = SvgChartRenderer.Render(Sample);
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.That(SvgChartRenderer.Render(Sample), Is.EqualTo(invariant));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
