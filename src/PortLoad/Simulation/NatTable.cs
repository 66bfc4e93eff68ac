using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>A source NAT's ports toward one destination: each is held while its connection lives and for a while after.</summary>
internal sealed class NatTable(NatOptions options)
{
    private readonly Queue<double> _releases = new();

    public int InUse { get; private set; }

    public double NextChange => _releases.TryPeek(out var at) ? at : double.PositiveInfinity;

    public bool TryAcquire()
    {
        if (InUse >= options.Ports)
        {
            return false;
        }

        InUse++;
        return true;
    }

    /// <summary>The connection closed at <paramref name="now"/>: its port returns after the release delay.</summary>
    public void Release(double now) => _releases.Enqueue(now + options.ReleaseAfter.TotalSeconds);

    public void Advance(double now)
    {
        while (_releases.TryPeek(out var at) && at <= now)
        {
            _releases.Dequeue();
            InUse--;
        }
    }
}
