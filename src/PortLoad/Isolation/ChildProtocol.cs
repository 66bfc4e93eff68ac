using System.Text.Json;
using PortLoad.Connections;
using PortLoad.Results;
using PortLoad.Runs;

namespace PortLoad.Isolation;

/// <summary>What the parent hands a child process (on its standard input) to run one strategy in a namespace.</summary>
/// <param name="ParentNamespace">The parent's network namespace (/proc/self/ns/net), so the child can refuse to touch it.</param>
public sealed record ChildRequest(string ScenarioJson, string ScenarioFile, string Strategy, string ParentNamespace, string ResultPath);

/// <summary>One progress line a child writes to its standard output while it runs.</summary>
public sealed record ChildProgress(double Elapsed, long Attempted, long Succeeded, Dictionary<string, long> Failures, long? TimeWait, long? Established, long Retries = 0, double? P99Ms = null);

/// <summary>The JSON shapes parent and child exchange.</summary>
public static class ChildProtocol
{
    private static readonly JsonSerializerOptions OneLine = new(SummaryJsonExporter.Options) { WriteIndented = false };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, OneLine);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, SummaryJsonExporter.Options) ?? throw new InvalidDataException("empty message from the isolated run");

    public static ChildProgress Progress(ILiveFigures figures) => new(
        figures.Elapsed.TotalSeconds,
        figures.Attempted,
        figures.Succeeded,
        FailureKinds.All.ToDictionary(k => k.ToString(), figures.Failures),
        figures.LastCounts?.TimeWait,
        figures.LastCounts?.Established,
        figures.Retries,
        figures.P99?.TotalMilliseconds);
}
