
namespace PortLoad.Results;

/// <summary>A results folder read back: what <c>portload report</c> and <c>portload compare</c> render from.</summary>
public static class ResultsFolder
{
    public static ScenarioRun Read(string folder)
    {
        var summary = Path.Combine(folder, "summary.json");
        if (!File.Exists(summary))
        {
            throw new FileNotFoundException($"{folder}: no summary.json here; is it a PortLoad results folder?", summary);
        }

        var timeSeries = Path.Combine(folder, "timeseries.csv");
        if (!File.Exists(timeSeries))
        {
            throw new InvalidDataException($"{folder}: no timeseries.csv beside its summary.json; a run writes both");
        }

        var run = new ScenarioRun(
            SummaryJsonExporter.Read(summary),
            TimeSeriesCsvReader.Read(timeSeries),
            TimeSeriesCsvReader.Read(Path.Combine(folder, "timeseries-predicted.csv")))
        {
            LatencyLog = Directory.EnumerateFiles(folder, "*" + LatencyLogExporter.Suffix).ToDictionary(
                f => Path.GetFileName(f)[..^LatencyLogExporter.Suffix.Length], File.ReadAllText, StringComparer.Ordinal),
        };
        var strategies = run.Summary.Strategies.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (run.Rows.Concat(run.PredictedRows).FirstOrDefault(r => !strategies.Contains(r.Strategy)) is { } stray)
        {
            throw new InvalidDataException($"{folder}: its time series has rows of strategy \"{stray.Strategy}\", which its summary.json does not list");
        }

        return run;
    }

    /// <summary>
    /// Several runs as one, for a comparison report: each strategy is renamed "run/strategy" so the
    /// charts and tables show them side by side (e.g. before and after a fix).
    /// </summary>
    public static ScenarioRun Combine(IReadOnlyList<(string Label, ScenarioRun Run)> runs)
    {
        string Name(string label, string strategy) => $"{label}/{strategy}";
        var first = runs[0].Run.Summary;
        var summary = first with
        {
            Scenario = string.Join(" vs ", runs.Select(r => r.Label)),
            Description = "Comparison of " + string.Join(", ", runs.Select(r => $"{r.Label} ({r.Run.Summary.Scenario}, {Scenarios.Names.Modes[r.Run.Summary.Mode]}, {r.Run.Summary.StartedAt:yyyy-MM-dd HH:mm})")),
            Completed = runs.All(r => r.Run.Summary.Completed),
            Strategies = runs.SelectMany(r => r.Run.Summary.Strategies.Select(s => s with { Name = Name(r.Label, s.Name) })).ToList(),
            Findings = runs.SelectMany(r => r.Run.Summary.Findings.Select(f => $"{r.Label}: {f}")).ToList(),
        };
        return new ScenarioRun(
            summary,
            runs.SelectMany(r => r.Run.Rows.Select(x => x with { Strategy = Name(r.Label, x.Strategy) })).ToList(),
            runs.SelectMany(r => r.Run.PredictedRows.Select(x => x with { Strategy = Name(r.Label, x.Strategy) })).ToList());
    }
}
