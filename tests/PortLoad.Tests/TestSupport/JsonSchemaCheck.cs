using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PortLoad.Tests.TestSupport;

/// <summary>
/// A small JSON Schema (draft 2020-12) checker for the keywords PortLoad's schema uses: type, enum, pattern,
/// minimum, maximum, exclusiveMinimum, properties, additionalProperties, required, minProperties,
/// maxProperties, items, prefixItems, minItems, anyOf, oneOf. JsonSchema.Net is not available here; an
/// unknown keyword fails the check rather than being ignored, so the schema cannot outgrow it unnoticed.
/// </summary>
public static class JsonSchemaCheck
{
    private static readonly HashSet<string> Known =
    [
        "$schema", "$id", "title", "description", "default", "type", "enum", "pattern", "minimum", "maximum", "exclusiveMinimum",
        "properties", "additionalProperties", "required", "minProperties", "maxProperties", "items", "prefixItems", "minItems", "anyOf", "oneOf",
    ];

    public static IReadOnlyList<string> Errors(JsonNode schema, JsonNode? instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonNode schema, JsonNode? value, string path, List<string> errors)
    {
        if (schema is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.False or JsonValueKind.True)
        {
            if (!boolean.GetValue<bool>())
            {
                errors.Add($"{path}: nothing is allowed here");
            }

            return;
        }

        var s = schema.AsObject();
        foreach (var keyword in s.Select(p => p.Key).Where(k => !Known.Contains(k)))
        {
            throw new NotSupportedException($"schema keyword '{keyword}' at {path} is not checked by {nameof(JsonSchemaCheck)}");
        }

        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        if (s["type"]?.GetValue<string>() is { } type && !IsType(value, kind, type))
        {
            errors.Add($"{path}: {kind} is not {type}");
            return;
        }

        if (s["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value)))
        {
            errors.Add($"{path}: {value?.ToJsonString()} is not one of {values.ToJsonString()}");
        }

        if (kind == JsonValueKind.String && s["pattern"]?.GetValue<string>() is { } pattern
            && !Regex.IsMatch(value!.GetValue<string>(), pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern))
        {
            errors.Add($"{path}: \"{value}\" does not match {pattern}");
        }

        if (kind == JsonValueKind.Number)
        {
            var number = Number(value!);
            if (s["minimum"] is { } minNode && Number(minNode) is var min && number < min)
            {
                errors.Add($"{path}: {number} < minimum {min}");
            }

            if (s["maximum"] is { } maxNode && Number(maxNode) is var max && number > max)
            {
                errors.Add($"{path}: {number} > maximum {max}");
            }

            if (s["exclusiveMinimum"] is { } exclusiveNode && Number(exclusiveNode) is var exclusive && number <= exclusive)
            {
                errors.Add($"{path}: {number} <= exclusiveMinimum {exclusive}");
            }
        }

        if (kind == JsonValueKind.Object)
        {
            CheckObject(s, value!.AsObject(), path, errors);
        }

        if (kind == JsonValueKind.Array)
        {
            CheckArray(s, value!.AsArray(), path, errors);
        }

        if (s["anyOf"] is JsonArray anyOf && !anyOf.Any(option => Errors(option!, value).Count == 0))
        {
            errors.Add($"{path}: matches none of anyOf");
        }

        if (s["oneOf"] is JsonArray oneOf && oneOf.Count(option => Errors(option!, value).Count == 0) != 1)
        {
            errors.Add($"{path}: does not match exactly one of oneOf");
        }
    }

    private static void CheckObject(JsonObject s, JsonObject o, string path, List<string> errors)
    {
        foreach (var name in s["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!o.ContainsKey(name))
            {
                errors.Add($"{path}: '{name}' is required");
            }
        }

        if (s["minProperties"] is { } fewestNode && Number(fewestNode) is var fewest && o.Count < fewest)
        {
            errors.Add($"{path}: fewer than {fewest} properties");
        }

        if (s["maxProperties"] is { } mostNode && Number(mostNode) is var most && o.Count > most)
        {
            errors.Add($"{path}: more than {most} properties");
        }

        var properties = s["properties"]?.AsObject();
        foreach (var (name, item) in o)
        {
            if (properties?[name] is { } property)
            {
                Check(property, item, $"{path}.{name}", errors);
            }
            else if (s["additionalProperties"] is { } additional)
            {
                Check(additional, item, $"{path}.{name}", errors);
            }
        }
    }

    private static void CheckArray(JsonObject s, JsonArray a, string path, List<string> errors)
    {
        if (s["minItems"] is { } fewestNode && Number(fewestNode) is var fewest && a.Count < fewest)
        {
            errors.Add($"{path}: fewer than {fewest} items");
        }

        var prefix = s["prefixItems"]?.AsArray() ?? [];
        for (var i = 0; i < a.Count; i++)
        {
            var itemSchema = i < prefix.Count ? prefix[i] : s["items"];
            if (itemSchema is not null)
            {
                Check(itemSchema, a[i], $"{path}[{i}]", errors);
            }
        }
    }

    /// <summary>Any JSON number, however it is held (a long built in code, an element parsed from a file).</summary>
    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsType(JsonNode? value, JsonValueKind kind, string type) => type switch
    {
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "null" => kind == JsonValueKind.Null,
        "object" => kind == JsonValueKind.Object,
        "array" => kind == JsonValueKind.Array,
        "number" => kind == JsonValueKind.Number,
        "integer" => kind == JsonValueKind.Number && Number(value!) is var d && d == Math.Floor(d) && !double.IsInfinity(d),
        _ => throw new NotSupportedException($"type '{type}'"),
    };
}
