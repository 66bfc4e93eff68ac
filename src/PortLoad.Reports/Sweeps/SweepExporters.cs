using PortLoad.Charts;
using PortLoad.Results;

namespace PortLoad.Sweeps;

/// <summary>The files of a sweep's folder, written like every results folder: through exporters, atomically.</summary>
public static class SweepExporters
{
    public static IReadOnlyList<IResultExporter<SweepResult>> All { get; } =
    [
        new SweepExporter("throughput-limit.svg", (sweep, writer) => writer.Write(Plots.Svg(SweepReport.Chart(sweep)))),
        new SweepExporter("time-to-exhaustion.svg", (sweep, writer) => writer.Write(Plots.Svg(SweepReport.TimeToExhaustionChart(sweep)))),
        new SweepExporter("sweep.csv", (sweep, writer) => writer.Write(SweepReport.Csv(sweep))),
        new SweepExporter("sweep.md", (sweep, writer) => writer.Write(SweepReport.Markdown(sweep))),
    ];

    public static ResultsWriter<SweepResult> Writer { get; } = new(All);

    private sealed class SweepExporter(string fileName, Action<SweepResult, TextWriter> export) : ITextResultExporter<SweepResult>
    {
        public string FileName => fileName;

        public void Write(SweepResult result, TextWriter writer) => export(result, writer);
    }
}
