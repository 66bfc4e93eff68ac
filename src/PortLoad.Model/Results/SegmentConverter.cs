using System.Text.Json;
using System.Text.Json.Serialization;
using PortLoad.Scenarios;

namespace PortLoad.Results;

/// <summary>A <see cref="Segment"/> in summary.json: "i/N", as <c>--segment</c> takes it.</summary>
public sealed class SegmentConverter : JsonConverter<Segment>
{
    public override Segment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Segment.Parse(reader.GetString() ?? "", out var error) ?? throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, Segment value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
