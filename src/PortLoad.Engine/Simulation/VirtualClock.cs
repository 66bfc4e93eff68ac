namespace PortLoad.Simulation;

/// <summary>The simulator's clock: it stands wherever the simulation puts it, in nanoseconds from the start.</summary>
internal sealed class VirtualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => 1_000_000_000;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(_ticks / 100);

    public static long Ticks(double seconds) => (long)Math.Round(seconds * 1e9);

    public void Set(double seconds) => _ticks = Ticks(seconds);
}
