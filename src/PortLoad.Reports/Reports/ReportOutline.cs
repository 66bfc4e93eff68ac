using PortLoad.Results;

namespace PortLoad.Reports;

/// <summary>One part of a report, in the order every format shows it.</summary>
public abstract record ReportBlock
{
    /// <summary>The report's title and the scenario's description under it.</summary>
    public sealed record Title(string Text, string Description) : ReportBlock;

    /// <summary>The run's facts (scenario, mode, host, settings in force), a label and a value each.</summary>
    public sealed record Facts(IReadOnlyList<(string Label, string Value)> Rows) : ReportBlock;

    public sealed record Heading(string Text) : ReportBlock;

    /// <summary>The findings (never empty) and, when the run ended early, why.</summary>
    public sealed record Findings(IReadOnlyList<string> Items, string? EndedEarly) : ReportBlock;

    /// <summary>A sentence that says what the table after it is.</summary>
    public sealed record Note(string Text) : ReportBlock;

    /// <summary>A table whose first row is its header; <see cref="Id"/> names it in the page.</summary>
    public sealed record Table(string Id, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

    /// <summary>The run's charts, each also a file of the folder.</summary>
    public sealed record Charts(IReadOnlyList<ChartExporter> Files) : ReportBlock;
}

/// <summary>
/// The report's outline, written once: report.html, report.md and report.pdf each render these blocks, so the three
/// never disagree about what a report holds or in which order.
/// </summary>
public static class ReportOutline
{
    public const string NoFindings = "No failures, and nothing else worth pointing out.";

    public static IReadOnlyList<ReportBlock> For(ScenarioRun run)
    {
        var s = run.Summary;
        var blocks = new List<ReportBlock>
        {
            new ReportBlock.Title($"PortLoad report: {s.Scenario}", s.Description),
            new ReportBlock.Facts(ReportTables.Facts(s)),
            new ReportBlock.Heading("Findings"),
            new ReportBlock.Findings([.. s.Findings.DefaultIfEmpty(NoFindings)], s.Error is { } error ? $"The run ended early: {error}" : null),
            new ReportBlock.Heading("Charts"),
            new ReportBlock.Charts(ChartExporter.All),
        };
        var thresholds = ReportTables.Thresholds(s);
        if (thresholds.Count > 0)
        {
            blocks.Add(new ReportBlock.Heading($"Thresholds: {(s.ThresholdsPassed ? "all passed" : "FAILED")}"));
            blocks.Add(new ReportBlock.Table("thresholds", thresholds));
        }

        blocks.Add(new ReportBlock.Heading("Comparison"));
        blocks.Add(new ReportBlock.Table("comparison", ReportTables.Comparison(s)));
        var predicted = ReportTables.PredictedVersusMeasured(s);
        if (predicted.Count > 0)
        {
            blocks.Add(new ReportBlock.Heading("Predicted versus measured"));
            blocks.Add(new ReportBlock.Note(ReportTables.PredictionNote(s)));
            blocks.Add(new ReportBlock.Table("predicted", predicted));
        }

        return blocks;
    }
}
