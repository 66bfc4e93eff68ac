namespace PortLoad.Simulation;

/// <summary>
/// The source ports of one (source address, destination address, destination port), chosen the way
/// Linux's <c>__inet_hash_connect</c> does: from an offset that walks on by the ports it scanned
/// (<c>table_perturb</c>), even offsets first stepping by 2, then the other parity, with a one-in-16
/// extra skip. A port can be taken when no connection to this destination holds it, or when it is in
/// TIME_WAIT and tcp_tw_reuse lets it go (the caller decides and marks it available).
/// </summary>
internal sealed class PortAllocator
{
    private readonly PortBitmap[] _available;   // by parity relative to the range's low port
    private readonly int _size;
    private readonly int _secret;
    private long _perturb;

    public PortAllocator(int size, Random random)
    {
        _size = size;
        _available = [new PortBitmap((size + 1) / 2, full: true), new PortBitmap(size / 2, full: true)];
        _secret = random.Next(size);
        _perturb = random.Next(size);
    }

    public int Size => _size;

    public int AvailableCount => _available[0].Count + _available[1].Count;

    public bool IsAvailable(int port) => _available[port & 1].Contains(port >> 1);

    public void MarkAvailable(int port) => _available[port & 1].Add(port >> 1);

    public void MarkTaken(int port) => _available[port & 1].Remove(port >> 1);

    /// <summary>Takes a port (relative to the range's low end), or -1 when every probe failed; <paramref name="probes"/> counts the ports looked at.</summary>
    public int Connect(Random random, out int probes)
    {
        var passLength = (_size + 1) / 2;
        var offset = (int)((_perturb + _secret) % _size) & ~1;
        probes = 0;
        for (var pass = 0; pass < 2 && (pass == 0 || _size > 1); pass++)
        {
            var start = (offset + pass) % _size;
            var i = Scan(start, passLength, out var port);
            if (port >= 0)
            {
                probes += (i / 2) + 1;
                // Linux: "if our first attempt found a candidate, skip next candidate in 1/16 of cases".
                if (i == 0 && random.Next(16) == 0)
                {
                    i = 2;
                }

                _perturb += i + 2;
                MarkTaken(port);
                return port;
            }

            probes += passLength;
        }

        return -1;
    }

    /// <summary>
    /// Visits (start + 2k) mod size for k below <paramref name="count"/> and returns the loop counter
    /// 2k of the first available port. Stepping by 2 stays in one parity until it wraps past the end.
    /// </summary>
    private int Scan(int start, int count, out int port)
    {
        var firstRun = Math.Min(count, (_size - start + 1) / 2);
        var found = FirstAvailable(start, firstRun);
        if (found >= 0)
        {
            port = start + (2 * found);
            return 2 * found;
        }

        var wrapped = start + (2 * firstRun) - _size;
        found = FirstAvailable(wrapped, count - firstRun);
        port = found >= 0 ? wrapped + (2 * found) : -1;
        return found >= 0 ? 2 * (firstRun + found) : -1;
    }

    // The first k in [0, count) with port from + 2k available, or -1.
    private int FirstAvailable(int from, int count)
    {
        if (count <= 0)
        {
            return -1;
        }

        var bitmap = _available[from & 1];
        var j = bitmap.FirstInRange(from >> 1, (from >> 1) + count - 1);
        return j < 0 ? -1 : j - (from >> 1);
    }
}
