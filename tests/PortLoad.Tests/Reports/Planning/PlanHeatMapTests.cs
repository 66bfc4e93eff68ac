using System.Xml.Linq;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Series;
using PortLoad.Charts;
using PortLoad.Planning;

namespace PortLoad.Tests.Planning;

public class PlanHeatMapTests
{
    [Test]
    public void Model_ACellAGridPoint_ColouredByItsFirstFailure_TheScenarioOutlined()
    {
        var model = PlanHeatMap.Model(PlanReportTests.Sample(), "s", PlanHeatMap.Look);

        var cells = model.Annotations.OfType<RectangleAnnotation>().Where(a => a.Fill != OxyColors.Transparent).ToList();
        Assert.That(cells.Select(c => (c.MinimumX + 0.5, c.MinimumY + 0.5, c.Text)), Is.EquivalentTo(new[]
        {
            (0.0, 0.0, "never"), (1.0, 0.0, "never"), (0.0, 1.0, "never"), (1.0, 1.0, "90s"),
        }));
        Assert.That(cells.Single(c => c.Text == "90s").Fill, Is.EqualTo(PlanHeatMap.Colors[TimeToFailure.Minutes]));
        var outline = model.Annotations.OfType<RectangleAnnotation>().Single(a => a.Fill == OxyColors.Transparent);
        Assert.That((outline.MinimumX + 0.46, outline.MinimumY + 0.46), Is.EqualTo((0.0, 1.0)), "10 instances at 5/s");
    }

    [Test]
    public void Model_Frontier_StepsDownWhereTheFleetFails()
    {
        var frontier = PlanHeatMap.Model(PlanReportTests.Sample(), "s", PlanHeatMap.Look).Series.OfType<LineSeries>().Single();

        // Over 5/s above both fleets (top of row 1), over 50/s above the 1-instance row only (top of row 0).
        Assert.That(frontier.Points, Is.EqualTo(new[] { new DataPoint(-0.5, 1.5), new DataPoint(0.5, 1.5), new DataPoint(0.5, 0.5), new DataPoint(1.5, 0.5) }));
    }

    [Test]
    public void Svg_APanelAStrategy_SideBySide_EachClippedToItsOwn()
    {
        var one = PlanReportTests.Sample("per-request");
        var plan = one with { Cells = [.. one.Cells, .. PlanReportTests.Sample("pooled").Cells] };

        var svg = XDocument.Parse(PlanHeatMap.Svg(plan));

        var panels = svg.Root!.Elements().Where(e => e.Name.LocalName == "svg").ToList();
        Assert.That(panels.Select(p => p.Attribute("x")!.Value), Is.EqualTo(new[] { "0", PlanHeatMap.Look.Width.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var ids = svg.Descendants().Select(e => e.Attribute("id")?.Value).OfType<string>().ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(svg.Root.Attribute("width")!.Value, Is.EqualTo((2 * PlanHeatMap.Look.Width).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
