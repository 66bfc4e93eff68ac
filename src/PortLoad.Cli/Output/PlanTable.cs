using PortLoad.Planning;
using Spectre.Console;

namespace PortLoad.Cli.Output;

/// <summary>A plan in the terminal: per strategy its answers, the grid's times to first failure in the heat map's colours, and what binds.</summary>
internal static class PlanTable
{
    private static readonly IReadOnlyDictionary<TimeToFailure, string> Styles = new Dictionary<TimeToFailure, string>
    {
        [TimeToFailure.Never] = "green",
        [TimeToFailure.Days] = "deepskyblue1",
        [TimeToFailure.Hours] = "yellow",
        [TimeToFailure.Minutes] = "darkorange",
        [TimeToFailure.Seconds] = "red",
    };

    public static void Write(IAnsiConsole console, FleetPlan plan)
    {
        foreach (var strategy in plan.Strategies)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .Title(Invariant.Format($"{strategy}: first failure within {PlanReport.Horizon(plan.Grid.Horizon)}"))
                .Caption("instances (rows) x new connections/s per instance (columns)");
            table.AddColumn("");
            foreach (var rate in plan.Grid.Rates)
            {
                table.AddColumn(new TableColumn(Invariant.Format($"{rate:0.###}/s")).RightAligned());
            }

            foreach (var n in plan.Grid.Instances.Reverse())
            {
                table.AddRow([Invariant.Format($"{n}"), .. plan.Grid.Rates.Select(rate => Cell(plan, plan.Cell(strategy, n, rate)))]);
            }

            console.Write(table);
            foreach (var line in PlanReport.Answers(plan, strategy).Concat(PlanReport.Binds(plan, strategy)))
            {
                console.MarkupLineInterpolated($"  {line}");
            }

            console.WriteLine();
        }

        foreach (var t in plan.Thresholds)
        {
            console.MarkupLine(Invariant.Format($"{(t.Passed ? "[green]passed[/]" : "[red]FAILED[/]")} {Markup.Escape(t.Bound)} ({t.Value:0.###})"));
        }
    }

    /// <summary>The scenario's own cell in bold.</summary>
    private static string Cell(FleetPlan plan, PlanCell cell)
    {
        var text = $"[{Styles[PlanReport.Band(cell.FirstFailureSeconds)]}]{Markup.Escape(PlanReport.Short(cell.FirstFailureSeconds))}[/]";
        return cell.Instances == plan.ScenarioInstances && cell.RatePerInstance.Equals(plan.ScenarioRate) ? $"[bold underline]{text}[/]" : text;
    }
}
