namespace PortLoad.Tests.TestSupport;

/// <summary>Waits for a condition the kernel reaches on its own (a socket entering TIME_WAIT), instead of sleeping a guessed time.</summary>
public static class Eventually
{
    /// <summary>Returns the first value that satisfies <paramref name="done"/>; the last one seen when <paramref name="within"/> runs out.</summary>
    public static async Task<T> ValueAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(5);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var value = read();
        while (!done(value) && waited.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5));
            value = read();
        }

        return value;
    }
}
