using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PortLoad.Results;

namespace PortLoad.Planning;

/// <summary>How soon a cell fails: the heat map's colours, from safe to urgent.</summary>
public enum TimeToFailure
{
    Never,
    Days,
    Hours,
    Minutes,
    Seconds,
}

/// <summary>A plan in words and numbers: plan.md, plan.json, and the console's summary.</summary>
public static class PlanReport
{
    /// <summary>The colour band of a first failure (null: none within the horizon).</summary>
    public static TimeToFailure Band(double? firstFailureSeconds) => firstFailureSeconds switch
    {
        null => TimeToFailure.Never,
        >= 86_400 => TimeToFailure.Days,
        >= 3_600 => TimeToFailure.Hours,
        >= 60 => TimeToFailure.Minutes,
        _ => TimeToFailure.Seconds,
    };

    /// <summary>A time to first failure, short enough for a heat map's cell: "never", "45s", "12m", "5.3h", "2.1d".</summary>
    public static string Short(double? seconds) => seconds switch
    {
        null => "never",
        < 120 => Invariant.Format($"{seconds:0}s"),
        < 7_200 => Invariant.Format($"{seconds / 60:0}m"),
        < 172_800 => Invariant.Format($"{seconds / 3_600:0.#}h"),
        _ => Invariant.Format($"{seconds / 86_400:0.#}d"),
    };

    /// <summary>A horizon in words: "24h", "30m", "7d".</summary>
    public static string Horizon(TimeSpan horizon) => Short(horizon.TotalSeconds);

    public static string Markdown(FleetPlan plan)
    {
        var text = new StringBuilder();
        text.Append(Invariant.Format($"# PortLoad plan: {plan.Scenario}\n\n![plan](plan.svg)\n\n"));
        text.Append(Lead(plan)).Append('\n');
        foreach (var strategy in plan.Strategies)
        {
            text.Append(Invariant.Format($"\n## {strategy}\n\n"));
            text.Append(string.Concat(Answers(plan, strategy).Select(line => $"- {line}\n"))).Append('\n');
            var table = Table(plan, strategy);
            text.Append("| ").Append(string.Join(" | ", table[0])).Append(" |\n| --- |").Append(string.Concat(table[0].Skip(1).Select(_ => " --- |"))).Append('\n');
            text.Append(string.Concat(table.Skip(1).Select(row => "| " + string.Join(" | ", row) + " |\n")));
            text.Append("\nWhat binds:\n\n").Append(string.Concat(Binds(plan, strategy).Select(line => $"- {line}\n")));
        }

        if (plan.Thresholds.Count > 0)
        {
            text.Append("\n## Thresholds\n\n| bound | value | |\n| --- | --- | --- |\n");
            foreach (var t in plan.Thresholds)
            {
                text.Append(Invariant.Format($"| {t.Bound} | {t.Value:0.###} | {(t.Passed ? "pass" : "**FAIL**")} |\n"));
            }
        }

        return text.ToString();
    }

    /// <summary>How to read the plan: what a cell says, the line, the outline, and what * means where a cell has it.</summary>
    public static string Lead(FleetPlan plan) =>
        Invariant.Format($"Each cell: the time to the first failure within {Horizon(plan.Grid.Horizon)} (never: none), then the share of requests that failed. ")
        + Invariant.Format($"The black line: the largest fleet that never fails at each rate. Outlined: this scenario, {plan.ScenarioInstances} instance(s) at {(plan.ScenarioRate is { } r ? Invariant.Format($"{r:0.###}/s") : "no open-model rate")}.")
        + (plan.Cells.Any(c => c.Extrapolated) ? " " + Extrapolated : "");

    /// <summary>The plan's two answers for a strategy, in words.</summary>
    public static IReadOnlyList<string> Answers(FleetPlan plan, string strategy) =>
    [
        plan.ScenarioRate is { } rate
            ? plan.MaxInstances(strategy) is > 0 and var n
                ? Invariant.Format($"At {rate:0.###}/s an instance, never fails up to {n} instance(s)")
                : Invariant.Format($"At {rate:0.###}/s an instance, even the grid's smallest fleet fails")
            : "The scenario has no open-model rate to ask the largest fleet at",
        plan.MaxRatePerInstance(strategy) is > 0 and var r
            ? Invariant.Format($"With {plan.ScenarioInstances} instance(s), never fails up to {r:0.###}/s an instance")
            : Invariant.Format($"With {plan.ScenarioInstances} instance(s), even the grid's lowest rate fails"),
    ];

    /// <summary>A strategy's grid as a table: a row per fleet size, largest first; a column per rate.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Table(FleetPlan plan, string strategy) =>
    [
        ["instances", .. plan.Grid.Rates.Select(r => Invariant.Format($"{r:0.###}/s"))],
        .. plan.Grid.Instances.Reverse().Select(n => (IReadOnlyList<string>)[n.ToString(CultureInfo.InvariantCulture), .. plan.Grid.Rates.Select(rate => CellText(plan.Cell(strategy, n, rate)))]),
    ];

    /// <summary>Each limit that binds somewhere on a strategy's grid, with how many cells it binds and the smallest of them.</summary>
    public static IReadOnlyList<string> Binds(FleetPlan plan, string strategy) =>
        [.. plan.Cells.Where(c => c.Strategy == strategy)
            .GroupBy(c => c.Limit ?? "nothing runs out within the horizon")
            .Select(g => (Limit: g.Key, Cells: g.Count(), First: g.OrderBy(c => c.Instances * c.RatePerInstance).First()))
            .Select(r => Invariant.Format($"{r.Limit}: {r.Cells} cell(s), from {r.First.Instances} instance(s) at {r.First.RatePerInstance:0.###}/s"))];

    /// <summary>What a cell marked * means.</summary>
    public const string Extrapolated = "Cells marked * were simulated event by event until their ports settled and four cycles more; the rest of the horizon repeats that steady cycle (checked against whole horizons in the tests).";

    private static string CellText(PlanCell cell) =>
        cell.FirstFailureSeconds is null ? "never" : Invariant.Format($"{Short(cell.FirstFailureSeconds)}, {cell.FailedFraction:0.#%} failed{(cell.Extrapolated ? "*" : "")}");

    public static string Json(FleetPlan plan) => JsonSerializer.Serialize(
        new PlanDocument(
            plan.Scenario,
            plan.Grid.Horizon.TotalSeconds,
            plan.ScenarioInstances,
            plan.ScenarioRate,
            plan.Grid.Instances,
            plan.Grid.Rates,
            [.. plan.Strategies.Select(s => new PlanStrategy(s, plan.MaxInstances(s), plan.MaxRatePerInstance(s), [.. plan.Frontier(s).Select(f => new PlanFrontierPoint(f.Rate, f.Instances))]))],
            plan.Cells,
            plan.Thresholds),
        Options);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private sealed record PlanDocument(
        string Scenario,
        double HorizonSeconds,
        int ScenarioInstances,
        double? ScenarioRatePerInstance,
        IReadOnlyList<int> Instances,
        IReadOnlyList<double> RatesPerInstance,
        IReadOnlyList<PlanStrategy> Strategies,
        IReadOnlyList<PlanCell> Cells,
        IReadOnlyList<ThresholdResult> Thresholds);

    private sealed record PlanStrategy(string Name, int? MaxInstances, double MaxRatePerInstance, IReadOnlyList<PlanFrontierPoint> Frontier);

    private sealed record PlanFrontierPoint(double RatePerInstance, int Instances);
}
