using PortLoad.Scenarios;

namespace PortLoad.Load;

/// <summary>
/// Closed-form schedule of an open-model phase: request k (0-based) is due at the time when the
/// integral of the rate reaches k. Closed form keeps pacing exact at any rate, with no drift
/// from accumulating intervals.
/// </summary>
public static class RateSchedule
{
    /// <summary>Requests due strictly before <paramref name="offset"/> into the phase.</summary>
    public static long CountBefore(LoadPhase phase, TimeSpan offset)
    {
        var t = Math.Clamp(offset.TotalSeconds, 0, phase.During.TotalSeconds);
        var area = phase switch
        {
            InjectPhase inject => inject.Rate * t,
            RampInjectPhase ramp => (ramp.From * t) + ((ramp.To - ramp.From) * t * t / (2 * phase.During.TotalSeconds)),
            HoldPhase hold => Math.Min(hold.Connections, hold.OpenRate * t),
            _ => 0,
        };

        // Request k is due at area == k, so those before t are k in [0, ceil(area)).
        return (long)Math.Ceiling(area - 1e-9);
    }

    /// <summary>When request <paramref name="index"/> of the phase is due, as an offset into the phase.</summary>
    public static TimeSpan DueAt(LoadPhase phase, long index) => TimeSpan.FromSeconds(DueSeconds(phase, index));

    /// <summary><see cref="DueAt"/> in seconds, for callers that schedule millions of requests.</summary>
    public static double DueSeconds(LoadPhase phase, long index) => phase switch
    {
        InjectPhase inject => index / inject.Rate,
        HoldPhase hold => index / hold.OpenRate,
        RampInjectPhase ramp => SolveRamp(ramp, index),
        _ => throw new ArgumentException($"{phase.GetType().Name} has no rate schedule", nameof(phase)),
    };

    // Solves From*t + (To-From)*t^2/(2D) = k for t >= 0.
    private static double SolveRamp(RampInjectPhase ramp, long k)
    {
        var d = ramp.During.TotalSeconds;
        var a = (ramp.To - ramp.From) / (2 * d);
        var b = ramp.From;
        if (Math.Abs(a) < 1e-12)
        {
            return b == 0 ? double.PositiveInfinity : k / b;
        }

        var disc = (b * b) + (4 * a * k);
        return disc < 0 ? double.PositiveInfinity : (-b + Math.Sqrt(disc)) / (2 * a);
    }
}
