using PortLoad.HostInfo;

namespace PortLoad.Simulation;

/// <summary>
/// The client's ports to one destination across its source addresses: which are connected, which
/// sit in TIME_WAIT and since when, and when TIME_WAIT ports become reusable (tcp_tw_reuse, after
/// the 1 s delay) or free (after TIME_WAIT). TIME_WAIT entries leave in the order they came, so two
/// FIFO queues hold them; an entry made stale by a reuse is skipped by its generation.
/// </summary>
internal sealed class ClientPorts
{
    private const byte StateFree = 0;
    private const byte StateConnected = 1;
    private const byte StateTimeWait = 2;

    private readonly PortAllocator[] _allocators;
    private readonly byte[][] _state;
    private readonly int[][] _generation;
    private readonly Queue<Entry> _reusable = new();
    private readonly Queue<Entry> _expiring = new();
    private readonly double _timeWait;
    private readonly bool _reuse;
    private readonly int _maxTimeWait;
    private int _next;
    private readonly int[]? _cursor;
    private readonly bool _takeOver;

    /// <param name="fixedCycle">Fixed source ports: each connection takes the next port of the range in turn, and fails
    /// when that one is still connected or in TIME_WAIT, whatever else is free.</param>
    /// <param name="takeOverTimeWait">Fixed ports bound with SO_REUSEADDR: connect() takes over the port's TIME_WAIT 4-tuple
    /// (a bound socket may, when TCP timestamps are on, as they are by default on Linux); only a connected port fails.</param>
    public ClientPorts(int sourceAddresses, int rangeSize, double timeWaitSeconds, bool reuse, int maxTimeWaitBuckets, Random random, bool fixedCycle = false, bool takeOverTimeWait = false)
    {
        _takeOver = takeOverTimeWait;
        _cursor = fixedCycle ? new int[sourceAddresses] : null;
        _allocators = Enumerable.Range(0, sourceAddresses).Select(_ => new PortAllocator(rangeSize, random)).ToArray();
        _state = Enumerable.Range(0, sourceAddresses).Select(_ => new byte[rangeSize]).ToArray();
        _generation = Enumerable.Range(0, sourceAddresses).Select(_ => new int[rangeSize]).ToArray();
        _timeWait = timeWaitSeconds;
        _reuse = reuse;
        _maxTimeWait = maxTimeWaitBuckets;
    }

    public long TimeWait { get; private set; }

    public long Connected { get; private set; }

    /// <summary>When the next TIME_WAIT port becomes reusable or free; infinity when none will.</summary>
    public double NextChange => Math.Min(
        _reusable.TryPeek(out var r) ? r.At : double.PositiveInfinity,
        _expiring.TryPeek(out var e) ? e.At : double.PositiveInfinity);

    /// <summary>Connects from the next source address, round-robin; port -1 means EADDRNOTAVAIL.</summary>
    public (int Source, int Port, int Probes) Connect(Random random)
    {
        var source = _next;
        _next = (_next + 1) % _allocators.Length;
        int port, probes;
        if (_cursor is not null)
        {
            port = _cursor[source];
            _cursor[source] = (port + 1) % _state[source].Length;
            probes = 1;
            var state = _state[source][port];
            if (state == StateConnected || (state == StateTimeWait && !_takeOver))
            {
                return (source, -1, probes);
            }

            _allocators[source].MarkTaken(port);
        }
        else
        {
            port = _allocators[source].Connect(random, out probes);
        }

        if (port >= 0)
        {
            if (_state[source][port] == StateTimeWait)
            {
                // tcp_tw_reuse took over a TIME_WAIT socket: it is gone.
                TimeWait--;
                _generation[source][port]++;
            }

            _state[source][port] = StateConnected;
            Connected++;
        }

        return (source, port, probes);
    }

    /// <summary>Ends a connection; the client holds TIME_WAIT only when it closed first (and the bucket cap allows).</summary>
    public void Close(int source, int port, double now, bool clientHoldsTimeWait)
    {
        Connected--;
        if (!clientHoldsTimeWait || TimeWait >= _maxTimeWait || _timeWait <= 0)
        {
            _state[source][port] = StateFree;
            _allocators[source].MarkAvailable(port);
            return;
        }

        _state[source][port] = StateTimeWait;
        TimeWait++;
        var entry = new Entry(0, source, port, ++_generation[source][port]);
        if (_reuse && SimulatedHost.ReuseDelaySeconds < _timeWait)
        {
            _reusable.Enqueue(entry with { At = now + SimulatedHost.ReuseDelaySeconds });
        }

        _expiring.Enqueue(entry with { At = now + _timeWait });
    }

    /// <summary>Applies every change due at or before <paramref name="now"/>.</summary>
    public void Advance(double now)
    {
        while (_reusable.TryPeek(out var r) && r.At <= now)
        {
            _reusable.Dequeue();
            if (IsCurrent(r))
            {
                _allocators[r.Source].MarkAvailable(r.Port);
            }
        }

        while (_expiring.TryPeek(out var e) && e.At <= now)
        {
            _expiring.Dequeue();
            if (IsCurrent(e))
            {
                _state[e.Source][e.Port] = StateFree;
                TimeWait--;
                _allocators[e.Source].MarkAvailable(e.Port);
            }
        }
    }

    private bool IsCurrent(Entry entry) =>
        _state[entry.Source][entry.Port] == StateTimeWait && _generation[entry.Source][entry.Port] == entry.Generation;

    private readonly record struct Entry(double At, int Source, int Port, int Generation);
}
