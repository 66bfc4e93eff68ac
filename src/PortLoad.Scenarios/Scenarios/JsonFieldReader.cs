using System.Globalization;
using System.Text.Json;

namespace PortLoad.Scenarios;

/// <summary>
/// Reads JSON objects field by field against a list of known names, adding an error for every
/// problem (unknown field, wrong type, value out of range) instead of stopping at the first.
/// </summary>
internal sealed class JsonFieldReader(string file)
{
    private readonly List<ScenarioError> _errors = [];

    public IReadOnlyList<ScenarioError> Errors => _errors;

    public void Error(string path, string message) => _errors.Add(new ScenarioError(file, path, message));

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The object's fields by name; null (with an error) when it is not an object.</summary>
    public JsonFields? Object(JsonElement element, string path, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"{Show(element)} must be an object");
            return null;
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = Join(path, property.Name);
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var hint = NearestName.Hint(property.Name, known);
                Error(fieldPath, $"unknown field; {hint}allowed: {string.Join(", ", known)}");
            }
            else if (!fields.TryAdd(property.Name, property.Value))
            {
                Error(fieldPath, "appears twice");
            }
        }

        return new JsonFields(this, path, fields);
    }

    public static string Show(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => JsonSerializer.Serialize(element.GetString()),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => element.GetRawText(),
    };
}

/// <summary>The fields of one JSON object, with typed getters that report problems under the field's path.</summary>
internal sealed class JsonFields(JsonFieldReader reader, string path, Dictionary<string, JsonElement> fields)
{
    public string Path => path;

    public bool Has(string name) => fields.ContainsKey(name);

    public IEnumerable<string> Names => fields.Keys;

    public JsonElement? Get(string name, bool required = false)
    {
        if (fields.TryGetValue(name, out var value))
        {
            return value;
        }

        if (required)
        {
            reader.Error(JsonFieldReader.Join(path, name), "is required");
        }

        return null;
    }

    public string? String(string name, bool required = false)
    {
        if (Get(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            reader.Error(JsonFieldReader.Join(path, name), $"{JsonFieldReader.Show(e)} must be a string");
            return null;
        }

        return e.GetString();
    }

    public bool? Bool(string name)
    {
        if (Get(name) is not { } e)
        {
            return null;
        }

        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return e.GetBoolean();
        }

        reader.Error(JsonFieldReader.Join(path, name), $"{JsonFieldReader.Show(e)} must be true or false");
        return null;
    }

    /// <summary>A number; its bounds are the validator's business.</summary>
    public double? Number(string name, bool required = false)
    {
        if (Get(name, required) is not { } e)
        {
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var value))
        {
            reader.Error(JsonFieldReader.Join(path, name), $"{JsonFieldReader.Show(e)} must be a number");
            return null;
        }

        return value;
    }

    /// <summary>A whole number that fits an int; its bounds are the validator's business.</summary>
    public int? Integer(string name, bool required = false)
    {
        var value = Number(name, required);
        if (value is null)
        {
            return null;
        }

        var shown = value.Value.ToString(CultureInfo.InvariantCulture);
        if (value != Math.Floor(value.Value))
        {
            reader.Error(JsonFieldReader.Join(path, name), $"{shown} must be a whole number");
            return null;
        }

        if (value is < int.MinValue or > int.MaxValue)
        {
            reader.Error(JsonFieldReader.Join(path, name), $"{shown} is out of range; it must be between {int.MinValue.ToString(CultureInfo.InvariantCulture)} and {int.MaxValue.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return (int)value.Value;
    }

    public TimeSpan? Duration(string name, bool required = false)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (!PortLoad.Duration.TryParse(text, out var value))
        {
            reader.Error(JsonFieldReader.Join(path, name), $"\"{text}\" is not a duration; write {PortLoad.Duration.Allowed}");
            return null;
        }

        return value;
    }

    /// <summary>One of the names in <paramref name="table"/>, with a suggestion for a misspelling.</summary>
    public T? Choice<T>(string name, NameTable<T> table, bool required = false)
        where T : struct, Enum
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (table.TryParse(text, out var value))
        {
            return value;
        }

        reader.Error(JsonFieldReader.Join(path, name), table.NotAllowed(text));
        return null;
    }

    public JsonFields? Object(string name, bool required, params string[] known) =>
        Get(name, required) is { } e ? reader.Object(e, JsonFieldReader.Join(path, name), known) : null;

    /// <summary>The array's elements with their paths; empty (with an error) when it is not a non-empty array.</summary>
    public IEnumerable<(JsonElement Element, string Path)> Array(string name, bool required = false)
    {
        if (Get(name, required) is not { } e)
        {
            yield break;
        }

        var fieldPath = JsonFieldReader.Join(path, name);
        if (e.ValueKind != JsonValueKind.Array)
        {
            reader.Error(fieldPath, $"{JsonFieldReader.Show(e)} must be an array");
            yield break;
        }

        if (e.GetArrayLength() == 0)
        {
            reader.Error(fieldPath, "must not be empty");
        }

        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            yield return (item, $"{fieldPath}[{i++}]");
        }
    }
}
