using PortLoad.Results;

namespace PortLoad.Reports;

/// <summary>report.md: the same findings and tables as report.html, with the SVG charts linked, for a pull request or a wiki.</summary>
public sealed class MarkdownReportExporter : IResultExporter
{
    public string FileName => "report.md";

    public void Export(ScenarioRun run, TextWriter writer)
    {
        var s = run.Summary;
        writer.Write($"# PortLoad report: {s.Scenario}\n\n{s.Description}\n\n");
        Table(writer, [["", ""], .. ReportTables.Facts(s).Select(f => (IReadOnlyList<string>)[f.Label, f.Value])]);
        writer.Write("\n## Findings\n\n");
        foreach (var finding in s.Findings.DefaultIfEmpty("No failures, and nothing else worth pointing out."))
        {
            writer.Write($"- {finding}\n");
        }

        writer.Write("\n## Charts\n\n");
        foreach (var chart in ChartExporter.All)
        {
            writer.Write($"![{Path.GetFileNameWithoutExtension(chart.FileName)}]({chart.FileName})\n\n");
        }

        var thresholds = ReportTables.Thresholds(s);
        if (thresholds.Count > 0)
        {
            writer.Write($"## Thresholds: {(s.ThresholdsPassed ? "all passed" : "FAILED")}\n\n");
            Table(writer, thresholds);
            writer.Write("\n");
        }

        writer.Write("## Comparison\n\n");
        Table(writer, ReportTables.Comparison(s));
        var predicted = ReportTables.PredictedVersusMeasured(s);
        if (predicted.Count > 0)
        {
            writer.Write("\n## Predicted versus measured\n\n");
            Table(writer, predicted);
        }
    }

    private static void Table(TextWriter writer, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        writer.Write($"| {string.Join(" | ", rows[0].Select(Cell))} |\n|{string.Concat(rows[0].Select(_ => " --- |"))}\n");
        foreach (var row in rows.Skip(1))
        {
            writer.Write($"| {string.Join(" | ", row.Select(Cell))} |\n");
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
