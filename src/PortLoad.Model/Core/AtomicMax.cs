namespace PortLoad;

/// <summary>A running maximum that several threads raise at once (peaks of connections, the largest latency).</summary>
public static class AtomicMax
{
    /// <summary>Raises <paramref name="max"/> to <paramref name="value"/> when it is larger, without a lock.</summary>
    public static void Raise(ref long max, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref max)) && Interlocked.CompareExchange(ref max, value, seen) != seen)
        {
        }
    }
}
