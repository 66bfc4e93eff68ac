using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>Works out a strategy's <see cref="Analysis"/>: the figures a person would work out by hand.</summary>
public static class StrategyAnalysis
{
    public static Analysis For(StrategyOptions strategy, SimulatedHost host, IReadOnlyList<LoadPhase> load)
    {
        var timeline = new LoadTimeline(load);
        var openSeconds = load.Where(p => p is InjectPhase or RampInjectPhase).Sum(p => p.During.TotalSeconds);
        var offeredCount = timeline.ScheduledBetween(TimeSpan.Zero, timeline.Duration);
        double? offered = openSeconds > 0 ? offeredCount / openSeconds : null;
        var space = host.InForce.PortSpace;

        if (strategy.Pooled)
        {
            return new Analysis(space, null, null, offered, null, 0, 0, new PortLimit(LimitKind.PooledConnections, PoolSize: strategy.PoolSizeOrDefault));
        }

        // The client holds a port after use only when it closes first; tcp_tw_reuse cuts that to
        // about 2 s of the range (even ports first, each reusable 1 s after it closed).
        // bind() never takes over a TIME_WAIT port: tcp_tw_reuse is connect()'s alone.
        var reuse = host.ReuseApplies && !strategy.BindsPort;
        double? clientHold = !strategy.ClientHoldsTimeWait ? null
            : reuse ? 2 * SimulatedHost.ReuseDelaySeconds : host.TimeWaitSeconds;
        var limits = new List<(long Ports, double Hold, PortLimit Name)>();
        if (clientHold is { } hold)
        {
            limits.Add((space, hold, new PortLimit(reuse ? LimitKind.EphemeralPortsReused : strategy.BindsPort ? LimitKind.BoundPorts : LimitKind.EphemeralPorts)));
        }

        // A Linux NAT frees a closed connection's port at once (a new flow takes over its TIME_WAIT mapping): only
        // connections open at once fill it, which is no rate limit.
        if (host.Options.Nat is { } nat && nat.ReleaseAfter > TimeSpan.Zero && !nat.Linux)
        {
            limits.Add((host.NatPorts!.Value, nat.ReleaseAfter.TotalSeconds, new PortLimit(LimitKind.NatPorts, Nat: nat.Name)));
        }

        if (limits.Count == 0)
        {
            return new Analysis(space, null, null, offered, null, 0, 0, new PortLimit(LimitKind.NoPortKept));
        }

        var (ports, holdSeconds, name) = limits.MinBy(l => l.Ports / l.Hold);
        var sustainable = ports / holdSeconds;
        // TIME_WAIT fills at the rate connections succeed, for as long as each lasts, up to the ports there are.
        var plateau = clientHold is null ? 0
            : (long)Math.Min(Math.Min(offered ?? sustainable, sustainable) * host.TimeWaitSeconds, Math.Min(ports, reuse ? (space + 1) / 2 : space));
        if (offered is not { } rate || rate <= sustainable)
        {
            return new Analysis(space, holdSeconds, sustainable, offered, null, plateau, 0, name);
        }

        var succeeded = Math.Min(offeredCount, ports + (sustainable * Math.Max(0, openSeconds - holdSeconds)));
        return new Analysis(space, holdSeconds, sustainable, offered, ports / rate, plateau, (long)Math.Round(offeredCount - succeeded), name);
    }
}
