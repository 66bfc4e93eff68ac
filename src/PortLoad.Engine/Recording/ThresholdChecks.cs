using System.Text.Json;
using System.Text.Json.Nodes;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>Judges a scenario's thresholds against its strategies' results, reading each figure by its path in summary.json (a plan's figures are <c>portload plan</c>'s to judge).</summary>
public static class ThresholdChecks
{
    public static IReadOnlyList<ThresholdResult> Evaluate(IReadOnlyList<ThresholdOptions> thresholds, IReadOnlyList<StrategyResult> results)
    {
        var checks = new List<ThresholdResult>();
        // Each strategy's figures as summary.json writes them, once, however many thresholds read them.
        var figures = thresholds.Count == 0 ? [] : results.ToDictionary(r => r, Figures);
        foreach (var t in thresholds.Where(t => !ThresholdMetrics.Plan.Contains(t.Metric)))
        {
            foreach (var r in results.Where(r => t.Strategy == ThresholdOptions.EveryStrategy || t.Strategy == r.Name))
            {
                var value = Value(r, figures[r], t.Metric);
                checks.Add(new ThresholdResult(r.Name, t.Metric, t.Min, t.Max, value, t.Passes(value)));
            }
        }

        return checks;
    }

    /// <summary>The figure at <paramref name="metric"/> (a path such as "latencyMs.p99"); null when it has no value.</summary>
    public static double? Value(StrategyResult result, string metric) => Value(result, Figures(result), metric);

    private static JsonNode? Figures(StrategyResult result) => JsonSerializer.SerializeToNode(result, ResultJson.Options);

    private static double? Value(StrategyResult result, JsonNode? figures, string metric)
    {
        if (metric == ThresholdMetrics.TimeWaitPeakRatio)
        {
            return result.PortSpace > 0 ? (double)result.TimeWait.Peak / result.PortSpace : null;
        }

        var node = figures;
        foreach (var part in metric.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
    }
}
