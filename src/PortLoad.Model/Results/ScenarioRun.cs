namespace PortLoad.Results;

/// <summary>A whole run: the summary and every strategy's time series.</summary>
/// <param name="PredictedRows">The simulator's time series for a measured run; empty for a simulated one.</param>
public sealed record ScenarioRun(RunSummary Summary, IReadOnlyList<TimeSeriesRow> Rows, IReadOnlyList<TimeSeriesRow> PredictedRows)
{
    public ScenarioRun(RunSummary summary, IReadOnlyList<TimeSeriesRow> rows)
        : this(summary, rows, [])
    {
    }

    /// <summary>Each strategy's latency distribution (.hgrm text) by strategy name; written as &lt;strategy&gt;.latency.hgrm.</summary>
    public IReadOnlyDictionary<string, string> LatencyHgrm { get; init; } = new Dictionary<string, string>();

    /// <summary>Each strategy's latency histogram itself (HdrHistogram log) by strategy name; written as &lt;strategy&gt;.latency.hlog, merged exactly.</summary>
    public IReadOnlyDictionary<string, string> LatencyLog { get; init; } = new Dictionary<string, string>();
}

/// <summary>A strategy's figures and its time series, as the run (measured or simulated) produced them.</summary>
public sealed record StrategyRun(StrategyResult Result, IReadOnlyList<TimeSeriesRow> Rows)
{
    /// <summary>The whole run's latency distribution in HdrHistogram's .hgrm format; null when not recorded.</summary>
    public string? LatencyHgrm { get; init; }

    /// <summary>The same histogram in HdrHistogram's log format, for exact merges; null when not recorded.</summary>
    public string? LatencyLog { get; init; }
}
