using System.Text.Json.Nodes;

namespace PortLoad.Scenarios;

/// <summary>The schema's building blocks: an object, a string, a duration, a number, a port range.</summary>
public static partial class ScenarioSchema
{
    private static JsonObject Object(string description, string[] required, params (string Name, JsonNode Schema)[] properties)
    {
        var o = new JsonObject
        {
            ["description"] = description,
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = Properties(properties),
        };
        if (required.Length > 0)
        {
            o["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        return o;
    }

    private static JsonObject Properties(params (string Name, JsonNode Schema)[] properties)
    {
        var o = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            o[name] = schema;
        }

        return o;
    }

    private static JsonObject Str(string description, string? pattern = null, string[]? values = null, string? defaultValue = null)
    {
        var o = new JsonObject { ["description"] = description, ["type"] = "string" };
        if (pattern is not null)
        {
            o["pattern"] = pattern;
        }

        if (values is not null)
        {
            o["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }

        if (defaultValue is not null)
        {
            o["default"] = defaultValue;
        }

        return o;
    }

    private static JsonObject Dur(string description, TimeSpan? defaultValue = null)
    {
        var o = Str(description + " A duration: 500ms, 10s, 2m, 1h.", pattern: DurationPattern);
        if (defaultValue is { } d)
        {
            o["default"] = Duration.Format(d);
        }

        return o;
    }

    private static JsonObject Int(string description, long minimum, long maximum, long? defaultValue = null)
    {
        var o = new JsonObject { ["description"] = description, ["type"] = "integer", ["minimum"] = minimum, ["maximum"] = maximum };
        if (defaultValue is { } d)
        {
            o["default"] = d;
        }

        return o;
    }

    private static JsonObject Num(string description, double? minimum = null, double? exclusiveMinimum = null, double? maximum = null, double? defaultValue = null)
    {
        var o = new JsonObject { ["description"] = description, ["type"] = "number" };
        if (minimum is { } min)
        {
            o["minimum"] = min;
        }

        if (exclusiveMinimum is { } exclusive)
        {
            o["exclusiveMinimum"] = exclusive;
        }

        if (maximum is { } max)
        {
            o["maximum"] = max;
        }

        if (defaultValue is { } d)
        {
            o["default"] = d;
        }

        return o;
    }

    private static JsonObject Bool(string description, bool? defaultValue = null)
    {
        var o = new JsonObject { ["description"] = description, ["type"] = "boolean" };
        if (defaultValue is { } d)
        {
            o["default"] = d;
        }

        return o;
    }

    private static JsonObject Range(string description) => new()
    {
        ["description"] = description + " [low, high].",
        ["type"] = "array",
        ["prefixItems"] = new JsonArray(Int("The lowest port.", 1, 65535), Int("The highest port.", 1, 65535)),
        ["items"] = false,
        ["minItems"] = 2,
    };

    private static JsonObject TcpTwReuse(string description) =>
        Int(description + " 0: off, 1: on, 2: loopback only.", 0, 2);

    private static string Bounds(TimeSpan min, TimeSpan max) => $"{Duration.Format(min)} to {Duration.Format(max)}";
}
