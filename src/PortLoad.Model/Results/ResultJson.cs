using System.Text.Json;
using System.Text.Json.Serialization;
using PortLoad.Scenarios;

namespace PortLoad.Results;

/// <summary>How results are written as JSON: camelCase fields, and enums by the names of <see cref="Names"/>.</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A tampered or truncated summary.json with null where the model has none ("host": null) is an input error when
        // read, not a NullReferenceException later; and a constructor's parameters must all be there.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters =
        {
            new NamedEnumConverter<ConnectionMode>(Names.Connections),
            new NamedEnumConverter<CloseBy>(Names.Closers),
            new NamedEnumConverter<TargetProtocol>(Names.Protocols),
            new NamedEnumConverter<FailureKind>(Names.Failures),
            new NamedEnumConverter<RunMode>(Names.Modes),
            new NamedEnumConverter<NamespaceKind>(Names.Namespaces),
            new SegmentConverter(),
            new PortLimitConverter(),
        },
    };
}

/// <summary>An enum written and read by its name in a <see cref="NameTable{T}"/>, as a value and as a dictionary key.</summary>
public sealed class NamedEnumConverter<T>(NameTable<T> names) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(names[value]);

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(names[value]);

    private T Parse(string? name) =>
        name is not null && names.TryParse(name, out var value)
            ? value
            : throw new JsonException(NearestName.NotAllowed(name ?? "null", names.Names));
}
