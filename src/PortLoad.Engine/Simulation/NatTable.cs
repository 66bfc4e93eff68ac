using PortLoad.HostInfo;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>
/// A source NAT's ports toward one destination. A cloud NAT holds each while its connection lives and for a while
/// after; a Linux NAT (<see cref="NatOptions.Linux"/>) frees it when the connection closes (a new flow takes over
/// a mapping in TIME_WAIT) but finds a free one only within its bounded search: four windows of consecutive
/// ports (128, 64, 32, 16) from random offsets, as nf_nat_l4proto_unique_tuple searches, so with more than 128
/// ports a flow can be dropped while some port is still free. <see cref="NatGateway"/> holds the tables and their releases.
/// </summary>
internal sealed class NatTable(NatOptions options, Random random, SynSchedule syns)
{
    private readonly bool[] _used = new bool[options.Linux ? options.Ports : 0];
    private readonly List<int> _taken = [];
    private readonly bool _linux = options.Linux;

    public int InUse { get; private set; }

    /// <summary>
    /// Whether a connection gets through, and how late: a dropped SYN is sent again on the client's schedule
    /// (<see cref="SynSchedule"/>) while the request has time, and a Linux NAT searches afresh for each (a cloud NAT's full pool stays
    /// full that briefly). Null: every SYN was dropped.
    /// </summary>
    /// <param name="spent">Time already gone since the request was due.</param>
    /// <param name="timeout">The request's timeout: no SYN is sent after it.</param>
    public double? Pass(double spent, double timeout)
    {
        if (TryAcquire())
        {
            return 0;
        }

        if (!_linux)
        {
            return null;
        }

        for (var (retransmit, sent) = (syns.Next(0, 0), 1); spent + retransmit < timeout; retransmit = syns.Next(retransmit, sent++))
        {
            if (TryAcquire())
            {
                return retransmit;
            }
        }

        return null;
    }

    public bool TryAcquire()
    {
        if (InUse >= options.Ports)
        {
            return false;
        }

        if (_linux && !Search())
        {
            return false;
        }

        InUse++;
        return true;
    }

    private bool Search()
    {
        var ports = options.Ports;
        var attempts = Math.Min(ports, 128);
        var offset = random.Next(ports);
        while (true)
        {
            for (var i = 0; i < attempts; i++)
            {
                var port = (offset + i) % ports;
                if (!_used[port])
                {
                    _used[port] = true;
                    _taken.Add(port);
                    return true;
                }
            }

            if (attempts >= ports || attempts < 16)
            {
                return false;
            }

            attempts /= 2;
            offset = random.Next(ports);
        }
    }

    /// <summary>A mapping ends: its port is free again (for a Linux NAT, any one taken: which does not matter to the search).</summary>
    public void Free()
    {
        if (!_linux)
        {
            InUse--;
            return;
        }

        if (_taken.Count == 0)
        {
            return;
        }

        InUse--;

        var at = random.Next(_taken.Count);
        _used[_taken[at]] = false;
        _taken[at] = _taken[^1];
        _taken.RemoveAt(_taken.Count - 1);
    }
}
