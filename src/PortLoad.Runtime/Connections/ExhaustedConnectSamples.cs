namespace PortLoad.Connections;

/// <summary>
/// CPU times (ns) of a sample of the connect() calls that failed with EADDRNOTAVAIL: one call in
/// <see cref="Every"/> is timed, and the first 1,024 timed ones that failed are kept. Each probed the whole range, so
/// they price one probe (a run's <c>calibration</c>).
/// </summary>
internal sealed class ExhaustedConnectSamples
{
    private const int Every = 8;
    private readonly long[] _cpu = new long[1024];
    private long _attempts;
    private long _kept;

    public IReadOnlyList<long> All => _cpu.AsSpan(0, (int)Math.Min(Interlocked.Read(ref _kept), _cpu.Length)).ToArray();

    /// <summary>Whether to time the connect() about to be made (the thread-CPU clock is a syscall: not every one).</summary>
    public bool TimeThisOne() => ThreadCpuTime.Supported && Interlocked.Increment(ref _attempts) % Every == 0;

    /// <summary>A timed connect() that failed with EADDRNOTAVAIL.</summary>
    public void Add(long nanoseconds)
    {
        var slot = Interlocked.Increment(ref _kept) - 1;
        if (slot < _cpu.Length)
        {
            _cpu[slot] = nanoseconds;
        }
    }
}
