using System.Numerics;

namespace PortLoad.Simulation;

/// <summary>A set of port indices with a fast "first member at or after" search, 64 ports a word.</summary>
internal sealed class PortBitmap
{
    private readonly ulong[] _words;

    public PortBitmap(int size, bool full)
    {
        Size = size;
        _words = new ulong[(size + 63) / 64];
        if (full)
        {
            for (var i = 0; i < size; i++)
            {
                Add(i);
            }
        }
    }

    public int Size { get; }

    public int Count { get; private set; }

    public bool Contains(int index) => (_words[index >> 6] & (1UL << index)) != 0;

    public void Add(int index)
    {
        ref var word = ref _words[index >> 6];
        var bit = 1UL << index;
        Count += (word & bit) == 0 ? 1 : 0;
        word |= bit;
    }

    public void Remove(int index)
    {
        ref var word = ref _words[index >> 6];
        var bit = 1UL << index;
        Count -= (word & bit) != 0 ? 1 : 0;
        word &= ~bit;
    }

    /// <summary>The first member in [from, to], or -1.</summary>
    public int FirstInRange(int from, int to)
    {
        if (Count == 0 || from > to)
        {
            return -1;
        }

        var w = from >> 6;
        var word = _words[w] & (ulong.MaxValue << from);
        var last = to >> 6;
        while (true)
        {
            if (word != 0)
            {
                var found = (w << 6) + BitOperations.TrailingZeroCount(word);
                return found <= to ? found : -1;
            }

            if (++w > last)
            {
                return -1;
            }

            word = _words[w];
        }
    }
}
