using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PortLoad.Charts;
using PortLoad.Cli.Output;
using PortLoad.Recording;
using PortLoad.Reports;
using PortLoad.Results;
using PortLoad.Sweeps;
using PortLoad.Tests.TestSupport;
using OxyPlot.SkiaSharp;

namespace PortLoad.Tests.Charts;

/// <summary>
/// Every chart PortLoad draws keeps its words inside its drawing: title, axis labels, legend, reference lines' and
/// markers' labels, measured with the real font, at every size a chart is drawn (a report's SVG, the PDF's chart box,
/// the projector's panels), with long strategy names.
/// </summary>
public partial class ChartBoundsTests
{
    private const double Slack = 1;

    /// <summary>The real font's widths, as the charts' layout measures them (Skia).</summary>
    private static readonly SkiaRenderContext Measurer = new() { RenderTarget = RenderTarget.VectorGraphic, UseTextShaping = false };

    /// <summary>Where a report's charts are drawn: its SVG files and HTML, and the PDF's chart box.</summary>
    private static readonly ChartLook[] Paper = [ChartLook.Report, PdfReportExporter.ChartLook];

    /// <summary>Where the live chart is drawn: the projector's panels, one, two or four.</summary>
    private static readonly ChartLook[] Projector = [WebDashboard.LookFor(1), WebDashboard.LookFor(2), WebDashboard.LookFor(4)];

    public static IEnumerable<TestCaseData> Charts()
    {
        var run = TwoLongNames(SampleRuns.Create());
        foreach (var chart in ChartExporter.All)
        {
            yield return new TestCaseData(chart.Build(run), Paper).SetArgDisplayNames(chart.FileName);
        }

        SweepPoint[] points = [new(50, "new-httpclient-per-request", 50, 40, 9, 1.5), new(100, "new-httpclient-per-request", 100, 45, 50, 1.2), new(50, "shared-httpclient", 50, 50, 0, null), new(100, "shared-httpclient", 100, 100, 0, null)];
        var steady = new SteadyStateResult(180, 60, new Dictionary<string, double?> { ["new-httpclient-per-request"] = 16.67 },
            [new SteadyPoint(50, "new-httpclient-per-request", 16.67, 20), new SteadyPoint(100, "new-httpclient-per-request", 16.67, 10)]);
        var sweep = new SweepResult("s", points, 6) { Steady = steady };
        yield return new TestCaseData(SweepReport.Chart(sweep), Paper).SetArgDisplayNames("throughput-limit");
        yield return new TestCaseData(SweepReport.TimeToExhaustionChart(sweep), Paper).SetArgDisplayNames("time-to-exhaustion");

        var axes = new LiveAxes(10, 500, [new Marker(5.02, "new-httpclient-per-request: EADDRNOTAVAIL"), new Marker(9.5, "shared: EADDRNOTAVAIL")]);
        yield return new TestCaseData(LivePanel.ChartOf([(0, 0, 0), (5, 500, 0), (10, 500, 0)], 500, axes), Projector).SetArgDisplayNames("live");
    }

    [TestCaseSource(nameof(Charts))]
    public void EveryWord_IsInsideTheDrawing_AtEverySize(Chart chart, ChartLook[] looks)
    {
        foreach (var look in looks)
        {
            var words = Words(Plots.Svg(chart, look, document: true)).ToList();

            Assert.That(words, Is.Not.Empty, "the chart has words to check");
            var outside = words.Where(w => w.Left < -Slack || w.Top < -Slack || w.Right > look.Width + Slack || w.Bottom > look.Height + Slack);
            Assert.That(outside.Select(w => w.ToString()), Is.Empty, $"at {look.Width}x{look.Height}");
        }
    }

    [Test]
    public void Words_FindsAWordPlacedOutside()
    {
        const string Svg = """<svg xmlns="http://www.w3.org/2000/svg"><text dominant-baseline="hanging" text-anchor="end" transform="translate(30,5)" font-family="Arial" font-size="12">per-request EADDRNOTAVAIL</text></svg>""";

        var word = Words(Svg).Single();

        Assert.That(word.Left, Is.LessThan(0), "what the failures chart's legend did in the report");
        Assert.That(word.Right, Is.EqualTo(30));
    }

    /// <summary>Each text of an OxyPlot SVG with the box it covers, measured with the font it names.</summary>
    private static IEnumerable<Word> Words(string svg)
    {
        foreach (var text in XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text" && e.Value.Length > 0))
        {
            var size = double.Parse((string)text.Attribute("font-size")!, CultureInfo.InvariantCulture);
            var weight = double.Parse((string?)text.Attribute("font-weight") ?? "400", CultureInfo.InvariantCulture);
            var width = Measurer.MeasureText(text.Value, (string?)text.Attribute("font-family") ?? "Arial", size, weight).Width;
            var (left, right) = (string?)text.Attribute("text-anchor") switch { "middle" => (-width / 2, width / 2), "end" => (-width, 0), _ => (0, width) };
            var (top, bottom) = (string?)text.Attribute("dominant-baseline") switch { "hanging" => (0, size), "middle" or "central" => (-size / 2, size / 2), _ => (-size * 0.8, size * 0.2) };
            var transform = (string?)text.Attribute("transform") ?? "";
            var at = Translate().Match(transform);
            var (x, y) = at.Success ? (Number(at.Groups[1].Value), Number(at.Groups[2].Value)) : (Number((string?)text.Attribute("x") ?? "0"), Number((string?)text.Attribute("y") ?? "0"));
            var turned = Rotate().Match(transform) is { Success: true } r && Math.Abs(Number(r.Groups[1].Value)) > 45;
            // Turned a quarter (the y axis' title): the box's width runs up the page.
            yield return turned
                ? new Word(text.Value, x + top, y - right, x + bottom, y - left)
                : new Word(text.Value, x + left, y + top, x + right, y + bottom);
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The sample run with two strategies of long names, one failing with two kinds, as a report draws them.</summary>
    private static ScenarioRun TwoLongNames(ScenarioRun sample)
    {
        var failing = sample.Summary.Strategies[0] with { Name = "new-httpclient-per-request" };
        var shared = failing with { Name = "shared-httpclient", FirstFailureSeconds = 2.4 };
        var rows = sample.Rows.SelectMany(r => new[] { r with { Strategy = failing.Name }, r with { Strategy = shared.Name, T = 2.5 } }).ToList();
        return sample with { Summary = sample.Summary with { Strategies = [failing, shared] }, Rows = rows };
    }

    [GeneratedRegex(@"translate\(\s*([-\d.eE]+)[ ,]+([-\d.eE]+)\s*\)")]
    private static partial Regex Translate();

    [GeneratedRegex(@"rotate\(\s*([-\d.eE]+)")]
    private static partial Regex Rotate();

    private sealed record Word(string Text, double Left, double Top, double Right, double Bottom)
    {
        public override string ToString() => Invariant.Format($"\"{Text}\" at ({Left:0.#}, {Top:0.#})-({Right:0.#}, {Bottom:0.#})");
    }
}
