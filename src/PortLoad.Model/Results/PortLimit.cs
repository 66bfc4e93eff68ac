using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortLoad.Results;

/// <summary>What binds a strategy's rate of new connections, as worked out by hand.</summary>
public enum LimitKind
{
    /// <summary>A pool: its connections are opened once, so no port is used up per request.</summary>
    PooledConnections,

    /// <summary>The server closes first (or the client resets): the client keeps no port after a connection.</summary>
    NoPortKept,

    /// <summary>Ports held in TIME_WAIT for its whole length.</summary>
    EphemeralPorts,

    /// <summary>Ports held in TIME_WAIT, taken over early by tcp_tw_reuse.</summary>
    EphemeralPortsReused,

    /// <summary>Ports chosen by bind(): TIME_WAIT holds them whatever tcp_tw_reuse says.</summary>
    BoundPorts,

    /// <summary>A NAT's ports, each held for a while after its connection closes.</summary>
    NatPorts,
}

/// <summary>The limit on a strategy's rate, with what its words name: the NAT (its preset's name) or the pool's size.</summary>
public sealed record PortLimit(LimitKind Kind, string? Nat = null, int? PoolSize = null)
{
    private const string NatPrefix = "NAT ports (";
    private const string PoolPrefix = "none: ";
    private const string PoolSuffix = " connections opened once";

    private static readonly Dictionary<LimitKind, string> Fixed = new()
    {
        [LimitKind.NoPortKept] = "none: the client keeps no port after a connection",
        [LimitKind.EphemeralPorts] = "ephemeral ports (TIME_WAIT)",
        [LimitKind.EphemeralPortsReused] = "ephemeral ports (TIME_WAIT, tcp_tw_reuse)",
        [LimitKind.BoundPorts] = "ephemeral ports held by bind() (TIME_WAIT)",
    };

    /// <summary>The words reports and summary.json show.</summary>
    public override string ToString() => Kind switch
    {
        LimitKind.NatPorts => NatPrefix + Nat + ")",
        LimitKind.PooledConnections => PoolPrefix + PoolSize?.ToString(CultureInfo.InvariantCulture) + PoolSuffix,
        _ => Fixed[Kind],
    };

    /// <summary>The limit that <see cref="ToString"/> wrote; null for words it never writes.</summary>
    public static PortLimit? Parse(string text)
    {
        if (Fixed.FirstOrDefault(f => f.Value == text) is { Value: not null } known)
        {
            return new PortLimit(known.Key);
        }

        if (text.StartsWith(NatPrefix, StringComparison.Ordinal) && text.EndsWith(')'))
        {
            return new PortLimit(LimitKind.NatPorts, Nat: text[NatPrefix.Length..^1]);
        }

        return text.StartsWith(PoolPrefix, StringComparison.Ordinal) && text.EndsWith(PoolSuffix, StringComparison.Ordinal)
            && int.TryParse(text[PoolPrefix.Length..^PoolSuffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? new PortLimit(LimitKind.PooledConnections, PoolSize: size)
            : null;
    }
}

/// <summary>A <see cref="PortLimit"/> in summary.json: its words, read back into the limit.</summary>
public sealed class PortLimitConverter : JsonConverter<PortLimit>
{
    public override PortLimit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { } text && PortLimit.Parse(text) is { } limit ? limit : throw new JsonException($"\"{reader.GetString()}\" is not a limit PortLoad writes");

    public override void Write(Utf8JsonWriter writer, PortLimit value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
