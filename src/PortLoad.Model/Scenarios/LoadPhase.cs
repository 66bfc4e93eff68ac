using System.Text.Json.Serialization;

namespace PortLoad.Scenarios;

/// <summary>
/// One step of a load profile, NBomber-style. Rate-based phases (open model) and
/// concurrency-based phases (closed model) are distinct cases: the first start requests on a
/// schedule whatever the responses, the second keep a number of loops busy.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(InjectPhase), "inject")]
[JsonDerivedType(typeof(RampInjectPhase), "rampInject")]
[JsonDerivedType(typeof(KeepConstantPhase), "keepConstant")]
[JsonDerivedType(typeof(PausePhase), "pause")]
[JsonDerivedType(typeof(HoldPhase), "hold")]
public abstract record LoadPhase(TimeSpan During)
{
    /// <summary>The request rate this phase offers at <paramref name="offset"/> into it; null for closed-model phases.</summary>
    public abstract double? OfferedRateAt(TimeSpan offset);
}

/// <summary>Open model: <see cref="Rate"/> new requests per second for the whole phase.</summary>
public sealed record InjectPhase(double Rate, TimeSpan During) : LoadPhase(During)
{
    public override double? OfferedRateAt(TimeSpan offset) => Rate;
}

/// <summary>Open model: the rate changes linearly from <see cref="From"/> to <see cref="To"/> over the phase.</summary>
public sealed record RampInjectPhase(double From, double To, TimeSpan During) : LoadPhase(During)
{
    public override double? OfferedRateAt(TimeSpan offset) =>
        From + ((To - From) * Math.Clamp(offset / During, 0, 1));
}

/// <summary>Closed model: <see cref="Copies"/> loops, each sending its next request when the last one ends.</summary>
public sealed record KeepConstantPhase(int Copies, TimeSpan During) : LoadPhase(During)
{
    public override double? OfferedRateAt(TimeSpan offset) => null;
}

/// <summary>Nothing is sent; sockets in TIME_WAIT keep ageing.</summary>
public sealed record PausePhase(TimeSpan During) : LoadPhase(During)
{
    public override double? OfferedRateAt(TimeSpan offset) => 0;
}

/// <summary>
/// Opens <see cref="Connections"/> connections at <see cref="OpenRate"/> a second, each its own, and holds every one
/// open for <see cref="Hold"/> after the last is due (longer when opening runs late: until every one has opened or
/// failed), then closes them all: concurrency rather than churn, for
/// connection-count limits (a server's, a NAT's) and for how many connections one server port can hold.
/// </summary>
public sealed record HoldPhase(int Connections, double OpenRate, TimeSpan Hold) : LoadPhase(Sum(OpenTime(Connections, OpenRate), Hold))
{
    /// <summary>How long opening them all takes at the open rate.</summary>
    [JsonIgnore]
    public TimeSpan Opening => OpenTime(Connections, OpenRate);

    public override double? OfferedRateAt(TimeSpan offset) => offset < Opening ? OpenRate : 0;

    private static TimeSpan OpenTime(int connections, double rate) =>
        rate > 0 && connections > 0 ? Saturated(connections / rate) : TimeSpan.Zero;

    // A rate near 0 or a hold of years is a mistake for the validator to name, not an overflow before it can.
    private static TimeSpan Saturated(double seconds) => seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);

    private static TimeSpan Sum(TimeSpan opening, TimeSpan hold) => hold > TimeSpan.Zero && opening > TimeSpan.MaxValue - hold ? TimeSpan.MaxValue : opening + hold;
}
