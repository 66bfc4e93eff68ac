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

    /// <summary>A summary.json read back; a problem in it names the file as well as the JSON path (two inputs, one culprit).</summary>
    public static RunSummary Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), ResultJson.Options)
                ?? throw new InvalidDataException($"{path}: empty summary");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
