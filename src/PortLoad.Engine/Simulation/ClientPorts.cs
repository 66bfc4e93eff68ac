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
    private const int StateFree = 0;
    private const int StateConnected = 1;
    private const int StateTimeWait = 2;
    private const int StateMask = 3;
    private const int GenerationStep = 4;

    private readonly PortAllocator[] _allocators;
    // A port's state in the low 2 bits, its TIME_WAIT generation above (one read for both). Only tcp_tw_reuse and fixed
    // ports need it: otherwise a TIME_WAIT port stays taken in the allocator until it expires, and nothing else asks.
    private readonly int[][]? _slots;
    private readonly Queue<Entry> _reusable = new();
    private readonly Queue<Entry> _expiring = new();
    private readonly double _timeWait;
    private readonly bool _reuse;
    private readonly int _maxTimeWait;
    private int _next;
    private readonly int[]? _cursor;
    private readonly bool _takeOver;
    private int _untracked;   // the slot written when no port's state is kept

    /// <param name="fixedCycle">Fixed source ports: each connection takes the next port of the range in turn, and fails
    /// when that one is still connected or in TIME_WAIT, whatever else is free.</param>
    /// <param name="takeOverTimeWait">Fixed ports bound with SO_REUSEADDR: connect() takes over the port's TIME_WAIT 4-tuple
    /// (a bound socket may, when TCP timestamps are on, as they are by default on Linux); only a connected port fails.</param>
    public ClientPorts(int sourceAddresses, int rangeSize, double timeWaitSeconds, bool reuse, int maxTimeWaitBuckets, Random random, bool fixedCycle = false, bool takeOverTimeWait = false)
    {
        _takeOver = takeOverTimeWait;
        _cursor = fixedCycle ? new int[sourceAddresses] : null;
        _allocators = Enumerable.Range(0, sourceAddresses).Select(_ => new PortAllocator(rangeSize, random)).ToArray();
        _slots = reuse || fixedCycle ? Enumerable.Range(0, sourceAddresses).Select(_ => new int[rangeSize]).ToArray() : null;
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

    /// <summary>The port space the next <see cref="Connect"/> takes a port from.</summary>
    public int NextSpace => _next;

    /// <summary>Connects from the next source address, round-robin; port -1 means EADDRNOTAVAIL.</summary>
    public (int Source, int Port, int Probes) Connect(Random random)
    {
        var source = _next;
        _next = (_next + 1) % _allocators.Length;
        int port, probes;
        if (_cursor is not null)
        {
            port = _cursor[source];
            _cursor[source] = (port + 1) % _allocators[source].Size;
            probes = 1;
            var state = _slots![source][port] & StateMask;
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

        if (port >= 0 && _slots is not null)
        {
            ref var slot = ref _slots[source][port];
            if ((slot & StateMask) == StateTimeWait)
            {
                // tcp_tw_reuse took over a TIME_WAIT socket: it is gone, and its queued entries with it.
                TimeWait--;
                slot += GenerationStep;
            }

            slot = (slot & ~StateMask) | StateConnected;
        }

        if (port >= 0)
        {
            Connected++;
        }

        return (source, port, probes);
    }

    /// <summary>Ends a connection; the client holds TIME_WAIT only when it closed first (and the bucket cap allows).</summary>
    public void Close(int source, int port, double now, bool clientHoldsTimeWait)
    {
        Connected--;
        ref var slot = ref _slots is null ? ref _untracked : ref _slots[source][port];
        if (!clientHoldsTimeWait || TimeWait >= _maxTimeWait || _timeWait <= 0)
        {
            slot = (slot & ~StateMask) | StateFree;
            _allocators[source].MarkAvailable(port);
            return;
        }

        slot = ((slot & ~StateMask) + GenerationStep) | StateTimeWait;
        TimeWait++;
        var entry = new Entry(0, source, port, _slots is null ? 0 : slot);
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
                if (_slots is not null)
                {
                    _slots[e.Source][e.Port] = (e.Slot & ~StateMask) | StateFree;
                }

                TimeWait--;
                _allocators[e.Source].MarkAvailable(e.Port);
            }
        }
    }

    /// <summary>Whether the port is still in the TIME_WAIT the entry was queued for (its slot unchanged since).</summary>
    private bool IsCurrent(Entry entry) => _slots is null || _slots[entry.Source][entry.Port] == entry.Slot;

    /// <param name="Slot">The port's slot when it entered this TIME_WAIT: state and generation.</param>
    private readonly record struct Entry(double At, int Source, int Port, int Slot);
}
