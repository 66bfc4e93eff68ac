using PortLoad.Charts;
using PortLoad.Results;

namespace PortLoad.Sweeps;

/// <summary>A finished sweep: what its folder holds.</summary>
public sealed record SweepResult(string Scenario, IReadOnlyList<SweepPoint> Points);

/// <summary>The files of a sweep's folder, written like every results folder: through exporters, atomically.</summary>
public static class SweepExporters
{
    public static IReadOnlyList<IResultExporter<SweepResult>> All { get; } =
    [
        new SweepExporter("throughput-limit.svg", (sweep, writer) => writer.Write(Plots.Svg(SweepReport.Chart(sweep.Points)))),
        new SweepExporter("sweep.csv", (sweep, writer) => writer.Write(SweepReport.Csv(sweep.Points))),
        new SweepExporter("sweep.md", (sweep, writer) => writer.Write(SweepReport.Markdown(sweep.Scenario, sweep.Points))),
    ];

    public static ResultsWriter<SweepResult> Writer { get; } = new(All);

    private sealed class SweepExporter(string fileName, Action<SweepResult, TextWriter> export) : IResultExporter<SweepResult>
    {
        public string FileName => fileName;

        public void Export(SweepResult result, TextWriter writer) => export(result, writer);
    }
}
