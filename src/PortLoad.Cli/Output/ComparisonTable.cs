using PortLoad.Reports;
using PortLoad.Results;
using Spectre.Console;

namespace PortLoad.Cli.Output;

/// <summary>The strategies side by side (one column each, so it fits 80 columns), then the findings: the same table as the reports.</summary>
internal static class ComparisonTable
{
    private static readonly HashSet<string> FailureRows = FailureKinds.All.Select(k => k.ToString()).ToHashSet();

    public static void Write(IAnsiConsole console, RunSummary summary)
    {
        var rows = ReportTables.Comparison(summary);
        var table = new Table().Border(TableBorder.Rounded).Title(summary.Completed ? "Results" : "Results (incomplete)");
        table.AddColumn("");
        foreach (var name in rows[0].Skip(1))
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        foreach (var row in rows.Skip(1))
        {
            var failures = FailureRows.Contains(row[0]);
            table.AddRow([Markup.Escape(row[0]), .. row.Skip(1).Select(cell => failures && cell != "0" ? $"[red]{Markup.Escape(cell)}[/]" : Markup.Escape(cell))]);
        }

        console.Write(table);
        foreach (var finding in summary.Findings)
        {
            console.MarkupLineInterpolated($"[yellow]*[/] {finding}");
        }

        foreach (var t in summary.Thresholds)
        {
            var value = t.Value is { } v ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "no value";
            if (t.Passed)
            {
                console.MarkupLineInterpolated($"[green]passed[/] {t.Bound} ({value})");
            }
            else
            {
                console.MarkupLineInterpolated($"[red]FAILED[/] {t.Bound} ({value})");
            }
        }
    }
}
