using System.Text.Json;
using System.Text.Json.Serialization;
using PortLoad.Runs;

namespace PortLoad.Results;

/// <summary>summary.json: the run's figures, one entry per strategy.</summary>
public sealed class SummaryJsonExporter : IResultExporter
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string FileName => "summary.json";

    public void Export(ScenarioRun run, TextWriter writer)
    {
        writer.Write(JsonSerializer.Serialize(run.Summary, Options));
        writer.Write('\n');
    }

    public static RunSummary Read(string path) =>
        JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path}: empty summary");
}
