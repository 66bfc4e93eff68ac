using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace PortLoad.Scenarios;

/// <summary>
/// The fields each object of a scenario file may have, taken from <see cref="ScenarioSchema"/>: the one table of each
/// object's fields (name, type, bounds, default, meaning) that the schema file, the validators' bounds and the reader's
/// "unknown field; allowed: ..." all follow, so a field is named there once and the reader cannot drift from it.
/// </summary>
internal static class ScenarioFields
{
    private static readonly JsonObject Schema = ScenarioSchema.Build();
    private static readonly ConcurrentDictionary<string, string[]> Known = new(StringComparer.Ordinal);

    /// <summary>The fields of the object at <paramref name="place"/>: "" for the file, "target.tls", "load[]", "load[].inject", "strategies[].resilience.retry".</summary>
    public static string[] Of(string place) => Known.GetOrAdd(place, Lookup);

    private static string[] Lookup(string place)
    {
        JsonNode node = Schema;
        foreach (var part in place.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.EndsWith("[]", StringComparison.Ordinal) ? part[..^2] : part;
            node = ObjectOf(node)["properties"]?[name] ?? throw new ArgumentException($"the schema has no field {place}", nameof(place));
            node = part.Length > name.Length ? node["items"]! : node;
        }

        return [.. ObjectOf(node)["properties"]!.AsObject().Select(p => p.Key)];
    }

    /// <summary>An object's schema, or the object among an anyOf's choices (a delay or an object, a preset or an object, null or an object).</summary>
    private static JsonNode ObjectOf(JsonNode node) =>
        node["properties"] is not null ? node : node["anyOf"]!.AsArray().First(choice => choice?["properties"] is not null)!;
}
