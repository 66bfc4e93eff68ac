using System.Net;

namespace PortLoad;

/// <summary>
/// The local ports one strategy's own connections were given, per source address: a bit per port,
/// 8 KiB a source address. Samplers ask it which sockets to a destination are the strategy's, so
/// sockets left by an earlier strategy, a warm-up or another process are counted apart.
/// </summary>
public sealed class LocalPorts
{
    private readonly object _lock = new();
    private volatile Entry[] _entries = [];

    private sealed record Entry(byte[] Address, long[] Bits);

    /// <summary>Records the local end of a connection just opened.</summary>
    public void Add(IPEndPoint local)
    {
        Span<byte> address = stackalloc byte[16];
        local.Address.TryWriteBytes(address, out var length);
        Add(address[..length], local.Port);
    }

    /// <summary>Records a local end given as its address's bytes (4 or 16) and its port.</summary>
    public void Add(ReadOnlySpan<byte> address, int port)
    {
        var bits = Find(address) ?? AddAddress(address.ToArray());
        Interlocked.Or(ref bits[port >> 6], 1L << (port & 63));
    }

    /// <summary>Whether a connection of this strategy had local <paramref name="address"/> (4 or 16 bytes) and <paramref name="port"/>.</summary>
    public bool Contains(ReadOnlySpan<byte> address, int port) =>
        Find(address) is { } bits && (Volatile.Read(ref bits[port >> 6]) & (1L << (port & 63))) != 0;

    public bool Contains(IPEndPoint local)
    {
        Span<byte> address = stackalloc byte[16];
        local.Address.TryWriteBytes(address, out var length);
        return Contains(address[..length], local.Port);
    }

    /// <summary>How many distinct (source address, port) pairs the strategy used.</summary>
    public long Count => _entries.Sum(e => e.Bits.Sum(word => (long)long.PopCount(word)));

    // Few source addresses: a scan beats hashing an address per socket sampled.
    private long[]? Find(ReadOnlySpan<byte> address)
    {
        foreach (var entry in _entries)
        {
            if (address.SequenceEqual(entry.Address))
            {
                return entry.Bits;
            }
        }

        return null;
    }

    private long[] AddAddress(byte[] address)
    {
        lock (_lock)
        {
            if (Find(address) is { } bits)
            {
                return bits;
            }

            var entry = new Entry(address, new long[65536 / 64]);
            _entries = [.. _entries, entry];
            return entry.Bits;
        }
    }
}
