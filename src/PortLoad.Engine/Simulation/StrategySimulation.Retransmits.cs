namespace PortLoad.Simulation;

/// <summary>
/// SYNs a NAT dropped, sent again as the client's kernel does (<see cref="SynSchedule"/>: 1, 2, 3, 4, 5, 7 s after the
/// first since Linux 6.5, 1, 3, 7, 15 s before)
/// while the request has time, each meeting the NAT as it stands then. One that gets a port late holds it until its
/// request ends, answered or timed out, so a slow service behind a full NAT fails and takes ports at once.
/// Events in an open model, whose requests need not end before the next one starts, through a Linux NAT (the lab's,
/// measured against: #24). A closed model and a resilience pipeline, which need each request's end at once, and a
/// cloud NAT, try the NAT again at once (<see cref="NatTable.Pass"/>): a cloud NAT's ports come back at the rate they
/// were taken, so with a fast service the failures are the same, and as events its dropped SYNs (one in twelve of a
/// day of 100 instances behind the AWS gateway) would double the time a fleet takes to simulate.
/// </summary>
internal sealed partial class StrategySimulation
{
    /// <summary>
    /// A retransmit timer fires up to a jiffy late (4 ms at HZ=250): it does not land on the open model's evenly spaced
    /// arrivals at a fixed offset, so a port freed between two arrivals goes to a SYN sent again as often as a real
    /// router gives it one, not never.
    /// </summary>
    private const double TimerSlack = 0.004;

    private readonly PriorityQueue<Syn, double> _syns = new();

    /// <summary>Whether a dropped SYN becomes events: set while an open model's phase runs without a resilience pipeline.</summary>
    private bool _synEvents;

    private double NextRetransmit => _syns.TryPeek(out _, out var at) ? at : double.PositiveInfinity;

    /// <summary>
    /// The NAT for a connection from <paramref name="source"/>, connected on the client at <paramref name="connected"/>:
    /// how late it gets through, null when it never does, or NaN when its SYN was dropped and is now an event.
    /// </summary>
    private double? ThroughNat(double due, double connected, int source, int port)
    {
        if (!_synEvents || !_nat!.Linux)
        {
            return _nat!.Pass(source, connected, connected - due, _timeout);
        }

        if (_nat.TryAcquire(source, connected))
        {
            return 0;
        }

        var first = _host.Syns.Next(0, 0);
        if (connected + first - due >= _timeout)
        {
            return null;
        }

        _syns.Enqueue(new Syn(due, connected, source, port, first, 1), connected + first + (_random.NextDouble() * TimerSlack));
        return double.NaN;
    }

    /// <summary>The next SYN sent again, at <paramref name="at"/>: through the NAT now, again later, or the request times out.</summary>
    private void Retransmit(double at)
    {
        var syn = _syns.Dequeue();
        if (_nat!.TryAcquire(syn.Source, at))
        {
            _opened++;
            var (outcome, end) = Answered(syn.Due, at + Service(), syn.Source, syn.Port);
            Complete(VirtualClock.Ticks(syn.Due), outcome, end);
            return;
        }

        var next = _host.Syns.Next(syn.After, syn.Retransmits);
        if (syn.Sent + next - syn.Due < _timeout)
        {
            _syns.Enqueue(syn with { After = next, Retransmits = syn.Retransmits + 1 }, syn.Sent + next + (_random.NextDouble() * TimerSlack));
            return;
        }

        // connect() gives up: its socket never connected and leaves no TIME_WAIT.
        _ports.Close(syn.Source, syn.Port, at, clientHoldsTimeWait: false);
        Complete(VirtualClock.Ticks(syn.Due), FailureKind.ETIMEDOUT, syn.Due + _timeout);
    }

    /// <param name="Sent">When the first SYN went (connect() on the client); the retransmits count from it.</param>
    /// <param name="After">Seconds from the first SYN to the one now due.</param>
    /// <param name="Retransmits">SYNs sent again so far, the one now due included.</param>
    private readonly record struct Syn(double Due, double Sent, int Source, int Port, double After, int Retransmits);
}
