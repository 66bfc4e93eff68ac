namespace PortLoad;

/// <summary>
/// A seeded source of chance that many loops may draw from at once (retry jitter, the embedded server's
/// exponential response delays): the same seed gives the same draws, where <see cref="Random.Shared"/> gives
/// other ones every run and a plain seeded <see cref="Random"/> breaks when two threads draw together.
/// </summary>
public sealed class SeededRandom(int seed) : Random(seed)
{
    private readonly Lock _lock = new();

    public override int Next()
    {
        lock (_lock)
        {
            return base.Next();
        }
    }

    public override int Next(int maxValue)
    {
        lock (_lock)
        {
            return base.Next(maxValue);
        }
    }

    public override int Next(int minValue, int maxValue)
    {
        lock (_lock)
        {
            return base.Next(minValue, maxValue);
        }
    }

    public override long NextInt64()
    {
        lock (_lock)
        {
            return base.NextInt64();
        }
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        lock (_lock)
        {
            return base.NextInt64(minValue, maxValue);
        }
    }

    public override double NextDouble()
    {
        lock (_lock)
        {
            return base.NextDouble();
        }
    }

    public override float NextSingle()
    {
        lock (_lock)
        {
            return base.NextSingle();
        }
    }

    public override void NextBytes(byte[] buffer)
    {
        lock (_lock)
        {
            base.NextBytes(buffer);
        }
    }

    public override void NextBytes(Span<byte> buffer)
    {
        lock (_lock)
        {
            base.NextBytes(buffer);
        }
    }

    protected override double Sample()
    {
        lock (_lock)
        {
            return base.Sample();
        }
    }
}
