using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>Hold phases: connections opened at a rate and held open together, then released at once.</summary>
internal sealed partial class StrategySimulation
{
    /// <summary>What the hold phases reached in the model: the ceiling per source address is the range; no memory figures.</summary>
    private HeldConnections? Held()
    {
        var asked = _timeline.Slots.Select(s => s.Phase).OfType<HoldPhase>().Select(h => (long)h.Connections).DefaultIfEmpty(0).Max();
        return asked == 0 ? null : new HeldConnections(
            asked, _peakHeld, _destination, _host.Range.Size, _host.SourceAddresses,
            double.IsNaN(_lastHeld) ? null : _lastHeld - _firstHoldDue, null, null);
    }

    /// <summary>A hold phase's connection due at <paramref name="due"/>, open (if it gets a port) until <paramref name="release"/>.</summary>
    private void Hold(double due, double release)
    {
        ProcessUntil(due);
        var (failure, at, source, port) = Open(due);
        if (failure is null)
        {
            _closing.Enqueue((source, port, false), Math.Max(release, at));
            _peakHeld = Math.Max(_peakHeld, _ports.Connected);
            _lastHeld = at;
        }

        if (double.IsNaN(_firstHoldDue))
        {
            _firstHoldDue = due;
        }

        var scheduled = VirtualClock.Ticks(due);
        _recorder.OnAttempt(scheduled);
        Complete(scheduled, failure ?? FailureKind.None, at);
    }
}
