using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Isolation;

/// <summary>What the parent hands a child process (on its standard input) to run one strategy in a namespace.</summary>
/// <param name="Scenario">The validated scenario, as the parent holds it (a sweep's edits included).</param>
/// <param name="ParentNamespace">The parent's network namespace (/proc/self/ns/net), so the child can refuse to touch it.</param>
public sealed record ChildRequest(Scenario Scenario, string Strategy, string ParentNamespace, string ResultPath)
{
    /// <summary>The embedded server the parent runs behind a router ("10.78.0.2:8080"); null: the child starts its own.</summary>
    public string? Server { get; init; }

    /// <summary>Where the parent's embedded server takes a per-request strategy's warm-up, behind a router; null: <see cref="Server"/>.</summary>
    public string? WarmUpServer { get; init; }
}

/// <summary>The JSON shapes parent and child exchange: the request, progress lines (<see cref="FiguresSnapshot"/>) and the <see cref="StrategyRun"/>.</summary>
public static class ChildProtocol
{
    private static readonly JsonSerializerOptions OneLine = new(ResultJson.Options)
    {
        WriteIndented = false,
        Converters = { new IPAddressConverter(), new ReadOnlySetConverter<FailureKind>() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, OneLine);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, OneLine) ?? throw new InvalidDataException("empty message from the isolated run");

    // System.Text.Json writes an IReadOnlySet but cannot make one: read it as a HashSet.
    private sealed class ReadOnlySetConverter<T> : JsonConverter<IReadOnlySet<T>>
    {
        public override IReadOnlySet<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<HashSet<T>>(ref reader, options) ?? [];

        public override void Write(Utf8JsonWriter writer, IReadOnlySet<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToArray(), options);
    }

    private sealed class IPAddressConverter : JsonConverter<IPAddress>
    {
        public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            IPAddress.Parse(reader.GetString() ?? throw new JsonException("an IP address is missing"));

        public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
