using System.Globalization;
using PortLoad.Results;
using Spectre.Console;

namespace PortLoad.Cli.Output;

/// <summary>The strategies side by side (one column each, so it fits 80 columns), then the findings.</summary>
internal static class ComparisonTable
{
    public static void Write(IAnsiConsole console, RunSummary summary)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(summary.Completed ? "Results" : "Results (incomplete)");
        table.AddColumn("");
        foreach (var s in summary.Strategies)
        {
            table.AddColumn(new TableColumn(Markup.Escape(s.Name)).RightAligned());
        }

        Row(table, summary, "connections", s => s.Connections + (s.CloseBy is { } by ? $", {by} closes" : $" x{s.PoolSize}"));
        Row(table, summary, "connections opened", s => N(s.ConnectionsOpened));
        Row(table, summary, "requests attempted", s => N(s.Requests.Attempted));
        Row(table, summary, "succeeded", s => N(s.Requests.Succeeded));
        Row(table, summary, "EADDRNOTAVAIL", s => Bad(s.Failures["EADDRNOTAVAIL"]));
        Row(table, summary, "EADDRINUSE", s => Bad(s.Failures["EADDRINUSE"]));
        Row(table, summary, "other failures", s => Bad(s.Failures.Where(f => f.Key is not ("EADDRNOTAVAIL" or "EADDRINUSE")).Sum(f => f.Value)));
        Row(table, summary, "first failure", s => s.FirstFailureSeconds is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t:0.00} s {s.FirstFailureKind}") : "-");
        Row(table, summary, "TIME_WAIT peak", s => N(s.TimeWait.Peak));
        Row(table, summary, "offered / s", s => D(s.Throughput.OfferedPerSecond));
        Row(table, summary, "achieved / s", s => D(s.Throughput.AchievedPerSecond));
        Row(table, summary, "latency p50 / p99 ms", s => $"{D(s.LatencyMs.P50)} / {D(s.LatencyMs.P99)}");
        console.Write(table);

        foreach (var finding in summary.Findings)
        {
            console.MarkupLineInterpolated($"[yellow]*[/] {finding}");
        }
    }

    private static void Row(Table table, RunSummary summary, string label, Func<StrategyResult, string> cell) =>
        table.AddRow([label, .. summary.Strategies.Select(cell)]);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string D(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";

    private static string Bad(long value) => value > 0 ? $"[red]{N(value)}[/]" : "0";
}
