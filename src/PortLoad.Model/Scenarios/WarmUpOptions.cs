namespace PortLoad.Scenarios;

/// <summary>
/// Requests sent before measuring, not recorded, so that JIT compilation and first connections do not
/// land in the measured percentiles: a pool warms its own connections; a per-request strategy warms
/// against another port of the embedded server (against a host target, the target itself), closing each
/// connection with RST, so it leaves no TIME_WAIT anywhere.
/// </summary>
public sealed record WarmUpOptions(TimeSpan During, double Rate)
{
    /// <summary>What a scenario without a warmUp block gets: half a second at 100/s.</summary>
    public static readonly WarmUpOptions Default = new(TimeSpan.FromSeconds(0.5), 100);

    public static readonly TimeSpan MaxDuring = TimeSpan.FromMinutes(1);

    public long Requests => (long)Math.Round(During.TotalSeconds * Rate);
}
