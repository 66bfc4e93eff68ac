namespace PortLoad;

/// <summary>
/// Keeps this process's sockets below its open-file limit, with room left for the runtime: .NET needs a
/// descriptor (a pipe) for every thread it starts, and aborts the process ("Out of memory.") when it cannot
/// have one. A socket that would eat into that room fails as EMFILE instead, before socket() is called, so
/// running out of descriptors is a failure kind in the results, never a crash.
/// </summary>
public static class DescriptorGate
{
    /// <summary>Descriptors left to the runtime: its threads, epoll, the sampler, files.</summary>
    public const int RuntimeReserve = 128;

    private static SemaphoreSlim? _slots;

    /// <summary>Sets the budget from the soft open-file limit (once; later calls change nothing); null: no gate.</summary>
    public static void Limit(long? openFileLimit)
    {
        if (openFileLimit is { } limit)
        {
            Interlocked.CompareExchange(ref _slots, new SemaphoreSlim((int)Math.Clamp(limit - RuntimeReserve, 16, int.MaxValue)), null);
        }
    }

    /// <summary>Takes a descriptor for a new socket; false when none is left.</summary>
    public static bool TryTake() => _slots?.Wait(0) ?? true;

    /// <summary>Waits for a descriptor (a server about to accept).</summary>
    public static Task TakeAsync(CancellationToken cancellationToken) => _slots?.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    public static void Return() => _slots?.Release();
}
