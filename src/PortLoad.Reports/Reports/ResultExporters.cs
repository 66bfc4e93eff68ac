using PortLoad.Results;

namespace PortLoad.Reports;

/// <summary>What a run's results folder holds: the data files, the charts and the reports.</summary>
public static class ResultExporters
{
    /// <summary>The charts and the reports, which <c>portload report</c> renders again from the data.</summary>
    public static IReadOnlyList<IResultExporter> Reports { get; } = [.. ChartExporter.All, new HtmlReportExporter(), new MarkdownReportExporter(), new PdfReportExporter()];

    public static IReadOnlyList<IResultExporter> All { get; } =
        [new SummaryJsonExporter(), new TimeSeriesCsvExporter(), new TimeSeriesCsvExporter(predicted: true), .. Reports];

    /// <summary>Writes a whole results folder.</summary>
    public static ResultsWriter<ScenarioRun> Writer { get; } = new(All, run => run.LatencyHgrm.Keys.Select(strategy => (IResultExporter)new LatencyHgrmExporter(strategy))
        .Concat(run.LatencyLog.Keys.Select(strategy => new LatencyLogExporter(strategy))));

    /// <summary>Writes the charts and reports of a folder whose data is already there.</summary>
    public static ResultsWriter<ScenarioRun> ReportWriter { get; } = new(Reports);
}
