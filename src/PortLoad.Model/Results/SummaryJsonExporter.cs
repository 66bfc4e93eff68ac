using System.Text.Json;

namespace PortLoad.Results;

/// <summary>summary.json: the run's figures, one entry per strategy.</summary>
public sealed class SummaryJsonExporter : ITextResultExporter
{
    public string FileName => "summary.json";

    public void Write(ScenarioRun run, TextWriter writer)
    {
        writer.Write(JsonSerializer.Serialize(run.Summary, ResultJson.Options));
        writer.Write('\n');
    }

    public static RunSummary Read(string path) =>
        JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), ResultJson.Options)
        ?? throw new InvalidDataException($"{path}: empty summary");
}
