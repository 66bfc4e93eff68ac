using PortLoad.HostInfo;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>
/// A NAT's tables: one per destination (a NAT's port is unique per destination), and, where the NAT gives each
/// instance ports of its own (Azure's SNAT preallocation), one per instance and destination; AWS's gateway and a Linux
/// router share theirs among the instances. A cloud NAT's port returns <see cref="NatOptions.ReleaseAfter"/> after its
/// connection closes; those releases come in the order the closes did, so one queue holds them for every table.
/// </summary>
internal sealed class NatGateway
{
    private readonly NatTable[] _tables;
    private readonly Queue<(double At, int Table)> _releases = new();
    private readonly bool _linux;
    private readonly double _releaseAfter;
    private readonly int _destinations;
    private readonly int _instances;

    /// <param name="instances">Instances behind the NAT: a port space's index says which, after its destination.</param>
    /// <param name="destinations">Destinations, the fastest-moving part of a port space's index.</param>
    /// <param name="syns">When the clients send a dropped SYN again.</param>
    public NatGateway(NatOptions options, int instances, int destinations, Random random, SynSchedule syns)
    {
        _linux = options.Linux;
        _releaseAfter = options.ReleaseAfter.TotalSeconds;
        _destinations = Math.Max(1, destinations);
        _instances = options.PerInstance ? Math.Max(1, instances) : 1;
        _tables = Enumerable.Range(0, _instances * _destinations).Select(_ => new NatTable(options, random, syns)).ToArray();
    }

    /// <summary>Whether it is a Linux NAT (the lab's, measured), whose dropped SYNs the model sends again as events.</summary>
    public bool Linux => _linux;

    public double NextChange => _releases.TryPeek(out var next) ? next.At : double.PositiveInfinity;

    /// <summary>Mappings held in every table.</summary>
    public long InUse => _tables.Sum(t => (long)t.InUse);

    /// <inheritdoc cref="NatTable.Pass"/>
    public double? Pass(int space, double now, double spent, double timeout) => _tables[TableOf(space)].Pass(now, spent, timeout);

    public bool TryAcquire(int space, double now) => _tables[TableOf(space)].TryAcquire(now);

    /// <summary>
    /// The connection from <paramref name="space"/> closed at <paramref name="now"/>: its port returns after the release
    /// delay; a Linux NAT's mapping closes in conntrack at once (<see cref="NatTable"/>).
    /// </summary>
    public void Release(int space, double now)
    {
        if (_linux)
        {
            _tables[TableOf(space)].Free(now);
            return;
        }

        _releases.Enqueue((now + _releaseAfter, TableOf(space)));
    }

    public void Advance(double now)
    {
        while (_releases.TryPeek(out var next) && next.At <= now)
        {
            _releases.Dequeue();
            _tables[next.Table].Free(now);
        }
    }

    /// <summary>The table of a port space: spaces go destination first, then source address (an instance's).</summary>
    private int TableOf(int space) =>
        _instances == 1 ? space % _destinations : (((space / _destinations) % _instances) * _destinations) + (space % _destinations);
}
