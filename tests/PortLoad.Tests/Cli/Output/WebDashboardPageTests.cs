using OxyPlot.Series;
using PortLoad.Charts;
using PortLoad.Cli.Output;
using PortLoad.Recording;

namespace PortLoad.Tests.Cli.Output;

/// <summary>The projector's charts have no legend: the page names their lines, in the lines' own colours.</summary>
public class WebDashboardPageTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void Page_NamesTheChartsLines_InTheirColours(int strategies)
    {
        var look = WebDashboard.LookFor(strategies);
        var model = Plots.Model(LivePanel.ChartOf([(0, 1, 1), (1, 2, 2)], 10, new LiveAxes(1, 10, [])), look);
        var colours = model.Series.OfType<LineSeries>().ToDictionary(s => s.Title, s => $"#{s.Color.R:x2}{s.Color.G:x2}{s.Color.B:x2}");

        var page = WebDashboardPage.Html;

        Assert.Multiple(() =>
        {
            Assert.That(model.IsLegendVisible, Is.False);
            Assert.That(page, Does.Contain($".time-wait b {{ color: {colours["TIME_WAIT"]}; }}"));
            Assert.That(page, Does.Contain($".established b {{ color: {colours["ESTABLISHED"]}; }}"));
        });
    }
}
