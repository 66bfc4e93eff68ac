using PortLoad.HostInfo;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>
/// A source NAT's ports toward one destination. A cloud NAT holds each while its connection lives and for a while
/// after. A Linux NAT (<see cref="NatOptions.Linux"/>) searches a bounded number of ports, four windows of consecutive
/// ports (128, 64, 32, 16) from random offsets, as nf_nat_l4proto_unique_tuple does, so with more than 128 ports a
/// flow can be dropped while some port is still free. A closed connection's mapping stays in conntrack (TIME_WAIT, or
/// CLOSE after a reset) for <see cref="NatOptions.ReleaseAfter"/>, and a new flow takes it over only in the last 32
/// attempts of a window (nf_nat_used_tuple_harder, Linux 6.4+), and only when its initial sequence number lies past
/// the old flow's last: one time in two, each 4-tuple's being random. With few mappings closed among many held (slow
/// answers), a port that closed goes unused while SYNs are dropped. <see cref="NatGateway"/> holds the tables and
/// their releases.
/// </summary>
internal sealed class NatTable(NatOptions options, Random random, SynSchedule syns)
{
    /// <summary>NF_NAT_HARDER_THRESH: the attempts left in a window below which a closed mapping may be taken over.</summary>
    private const int HarderAttempts = 32;

    private readonly double[] _closedUntil = new double[options.Linux ? options.Ports : 0];   // 0: free; +inf: held
    private readonly List<int> _held = [];
    private readonly bool _linux = options.Linux;
    private readonly double _releaseAfter = options.ReleaseAfter.TotalSeconds;

    public int InUse { get; private set; }

    /// <summary>
    /// Whether a connection gets through, and how late: a dropped SYN is sent again on the client's schedule
    /// (<see cref="SynSchedule"/>) while the request has time, and a Linux NAT searches afresh for each (a cloud NAT's full pool stays
    /// full that briefly). Null: every SYN was dropped.
    /// </summary>
    /// <param name="now">When the first SYN reaches the NAT.</param>
    /// <param name="spent">Time already gone since the request was due.</param>
    /// <param name="timeout">The request's timeout: no SYN is sent after it.</param>
    public double? Pass(double now, double spent, double timeout)
    {
        if (TryAcquire(now))
        {
            return 0;
        }

        if (!_linux)
        {
            return null;
        }

        for (var (retransmit, sent) = (syns.Next(0, 0), 1); spent + retransmit < timeout; retransmit = syns.Next(retransmit, sent++))
        {
            if (TryAcquire(now + retransmit))
            {
                return retransmit;
            }
        }

        return null;
    }

    public bool TryAcquire(double now)
    {
        if (InUse >= options.Ports)
        {
            return false;
        }

        if (_linux && !Search(now))
        {
            return false;
        }

        InUse++;
        return true;
    }

    private bool Search(double now)
    {
        var ports = options.Ports;
        var attempts = Math.Min(ports, 128);
        var offset = random.Next(ports);
        while (true)
        {
            for (var i = 0; i < attempts; i++)
            {
                var port = (offset + i) % ports;
                var until = _closedUntil[port];
                if (until <= now || (until < double.PositiveInfinity && attempts - i <= HarderAttempts && random.Next(2) == 0))
                {
                    _closedUntil[port] = double.PositiveInfinity;
                    _held.Add(port);
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

    /// <summary>
    /// A mapping ends at <paramref name="now"/>: a cloud NAT's port is free (its delay was waited out before), a Linux
    /// NAT's closes in conntrack (any one held: which does not matter to the search).
    /// </summary>
    public void Free(double now)
    {
        if (!_linux)
        {
            InUse--;
            return;
        }

        if (_held.Count == 0)
        {
            return;
        }

        InUse--;
        var at = random.Next(_held.Count);
        _closedUntil[_held[at]] = now + _releaseAfter;
        _held[at] = _held[^1];
        _held.RemoveAt(_held.Count - 1);
    }
}
