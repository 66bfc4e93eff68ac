using PortLoad.HostInfo;
using PortLoad.Scenarios;

namespace PortLoad.Results;

/// <summary>What summary.json holds: the run, the host it ran on, and one result per strategy.</summary>
public sealed record RunSummary
{
    public int SchemaVersion { get; init; } = 1;

    public required string Scenario { get; init; }

    public string Description { get; init; } = "";

    public RunMode Mode { get; init; } = RunMode.Measured;

    /// <summary>Which share of the load this run was (written "1/3": the second of three, as <c>--segment</c> takes it); null: all of it.</summary>
    public Segment? Segment { get; init; }

    /// <summary>How many segments' results were merged into this one (<c>portload merge</c>); null: not a merge.</summary>
    public int? MergedSegments { get; init; }

    /// <summary>False when the run was stopped (Ctrl+C) or failed before every strategy ran to its end.</summary>
    public required bool Completed { get; init; }

    /// <summary>Why the run ended early, when something failed; null otherwise.</summary>
    public string? Error { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string Target { get; init; }

    public required TargetProtocol Protocol { get; init; }

    public required HostFacts Host { get; init; }

    /// <summary>The time series' interval, in seconds.</summary>
    public double SamplingIntervalSeconds { get; init; }

    public required IReadOnlyList<StrategyResult> Strategies { get; init; }

    /// <summary>The scenario's thresholds, judged per strategy; empty when it has none.</summary>
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    /// <summary>Whether every threshold passed (true when there are none).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ThresholdsPassed => Thresholds.All(t => t.Passed);

    /// <summary>Plain-language observations (e.g. why TIME_WAIT grew without failures).</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];
}
