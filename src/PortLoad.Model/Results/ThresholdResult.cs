using System.Text.Json.Serialization;

namespace PortLoad.Results;

/// <summary>One threshold judged against one strategy's figures: in summary.json, the console, the reports and JUnit XML.</summary>
/// <param name="Value">The figure; null when it has none (no failure yet, no latency), which passes.</param>
public sealed record ThresholdResult(string Strategy, string Metric, double? Min, double? Max, double? Value, bool Passed)
{
    /// <summary>"pooled: failures.EADDRNOTAVAIL &lt;= 0".</summary>
    [JsonIgnore]
    public string Bound =>
        $"{Strategy}: {Metric} {string.Join(" and ", new[] { Min is { } min ? Invariant.Format($">= {min}") : null, Max is { } max ? Invariant.Format($"<= {max}") : null }.OfType<string>())}";
}
