using PortLoad.Charts;
using PortLoad.Results;

namespace PortLoad.Reports;

/// <summary>Writes one chart of a run as an SVG file.</summary>
public sealed class ChartExporter(string fileName, Func<ScenarioRun, Chart> build) : ITextResultExporter
{
    public string FileName => fileName;

    public Chart Build(ScenarioRun run) => build(run);

    public void Write(ScenarioRun run, TextWriter writer) => writer.Write(Plots.Svg(build(run)));

    public static IReadOnlyList<ChartExporter> All { get; } =
    [
        new ChartExporter("timewait.svg", ReportCharts.TimeWait),
        new ChartExporter("throughput.svg", ReportCharts.Throughput),
        new ChartExporter("failures.svg", ReportCharts.Failures),
        new ChartExporter("latency.svg", ReportCharts.Latency),
    ];
}
