using System.Text.Json;
using System.Text.Json.Nodes;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>Judges a scenario's thresholds against its strategies' results, reading each figure by its path in summary.json.</summary>
public static class ThresholdChecks
{
    public static IReadOnlyList<ThresholdResult> Evaluate(IReadOnlyList<ThresholdOptions> thresholds, IReadOnlyList<StrategyResult> results)
    {
        var checks = new List<ThresholdResult>();
        foreach (var t in thresholds)
        {
            foreach (var r in results.Where(r => t.Strategy == ThresholdOptions.EveryStrategy || t.Strategy == r.Name))
            {
                var value = Value(r, t.Metric);
                var passed = value is not { } v || (!(v > t.Max) && !(v < t.Min));
                checks.Add(new ThresholdResult(r.Name, t.Metric, t.Min, t.Max, value, passed));
            }
        }

        return checks;
    }

    /// <summary>The figure at <paramref name="metric"/> (a path such as "latencyMs.p99"); null when it has no value.</summary>
    public static double? Value(StrategyResult result, string metric)
    {
        if (metric == ThresholdMetrics.TimeWaitPeakRatio)
        {
            return result.PortSpace > 0 ? (double)result.TimeWait.Peak / result.PortSpace : null;
        }

        JsonNode? node = JsonSerializer.SerializeToNode(result, ResultJson.Options);
        foreach (var part in metric.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
    }
}
