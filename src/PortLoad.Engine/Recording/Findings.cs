using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>Plain-language observations about a run: what a reader should take away, and why.</summary>
public static class Findings
{
    /// <param name="loopbackTarget">Whether the target was (or is modelled as) on loopback, where tcp_tw_reuse = 2 applies.</param>
    /// <param name="nat">The NAT between the clients and the server, if any: then it, not the 4-tuple, limits held connections.</param>
    public static IReadOnlyList<string> For(IReadOnlyList<StrategyResult> results, bool loopbackTarget, RouterNat? nat = null)
    {
        var findings = new List<string>();
        foreach (var r in results)
        {
            var range = r.Host.EphemeralPortRange;
            var space = r.SourceAddresses > 1 ? $"{r.PortSpace}-port space ({r.SourceAddresses} source addresses x {range.Size} ports)" : $"{range.Size}-port range";
            var exhausted = r.Failures.GetValueOrDefault(FailureKind.EADDRNOTAVAIL);
            var others = r.Failures.Where(f => f.Key != FailureKind.EADDRNOTAVAIL && f.Value > 0).Select(f => Invariant.Format($"{f.Value} {Names.Failures[f.Key]}")).ToList();
            if (exhausted > 0)
            {
                findings.Add(Invariant.Format($"{r.Name}: {exhausted} requests failed with EADDRNOTAVAIL (out of source ports), the first after {r.FirstFailureSeconds:0.##} s; TIME_WAIT peaked at {r.TimeWait.Peak} of the {space}."));
            }
            else if (others.Count > 0)
            {
                findings.Add(Invariant.Format($"{r.Name}: {string.Join(", ", others)} failed requests, the first ({(r.FirstFailureKind is { } kind ? Names.Failures[kind] : "")}) after {r.FirstFailureSeconds:0.##} s."));
            }
            else if (r.ClientHoldsTimeWait && r.TimeWait.Peak > 0 && r.Host.TcpTwReuse == 2 && loopbackTarget)
            {
                var sustainable = range.Size / (double)r.Host.TimeWaitSeconds;
                findings.Add(Invariant.Format(
                    $"{r.Name}: TIME_WAIT reached {r.TimeWait.Peak} with no EADDRNOTAVAIL because net.ipv4.tcp_tw_reuse = 2 lets loopback connections take over a TIME_WAIT port after 1 s. Against a remote host the same client would be limited to about {sustainable:0} new connections/s ({range.Size} ports / {r.Host.TimeWaitSeconds} s TIME_WAIT); run in an isolated namespace with tcpTwReuse 0 to reproduce that."));
            }

            // Said where the failures are that limit's: out of ports, or a cloud NAT's timeouts.
            var limited = exhausted + r.Failures.GetValueOrDefault(FailureKind.EADDRINUSE) + r.Failures.GetValueOrDefault(FailureKind.ENOBUFS) > 0
                || (r.Analysis?.Limit.Kind == LimitKind.NatPorts && r.Failures.GetValueOrDefault(FailureKind.ETIMEDOUT) > 0);
            if (r.Analysis is { SustainablePerSecond: { } rate, HoldSeconds: { } hold } a && limited)
            {
                findings.Add(Invariant.Format($"{r.Name}: the limit is {a.Limit}: each port is held {hold:0.#} s after use, so it sustains about {rate:0.##} new connections/s{(a.OfferedPerSecond is { } offered ? Invariant.Format($" against {offered:0.##} offered") : " (the loops sent as fast as they could)")}."));
            }

            if (Incidents.Finding(r) is { } incident)
            {
                findings.Add(incident);
            }

            if (r.Held is { } held && nat is null)
            {
                findings.Add(held.Describe(r.Name));
            }

            if (r.Resilience is { Retries: > 0 } retried)
            {
                var firstTry = r.Requests.Succeeded - retried.SucceededAfterRetry;
                findings.Add(Invariant.Format(
                    $"{r.Name}: {r.Requests.Attempted} requests took {retried.Attempts} attempts ({retried.Retries} retries, {retried.BackoffSeconds:0.#} s of backoff in all); retrying rescued {retried.SucceededAfterRetry} requests, {firstTry} succeeded at the first attempt and {retried.RetriesExhausted} failed every attempt."));
                if (exhausted > 0 && retried.SucceededAfterRetry * 10 < retried.Retries)
                {
                    findings.Add(Invariant.Format(
                        $"{r.Name}: a retry cannot bring back a port: each stays in TIME_WAIT for {r.Host.TimeWaitSeconds} s, far longer than a backoff, so the retries only added failing connect() calls (each one probes the whole range)."));
                }
            }

            if (r.Resilience is { BreakerOpenings: > 0 } broken)
            {
                findings.Add(Invariant.Format($"{r.Name}: the circuit breaker opened {broken.BreakerOpenings} times and short-circuited {broken.ShortCircuited} requests, which were never sent."));
            }

            if (r.Connections == ConnectionMode.Pooled && r.Requests.Failed == 0 && r.Requests.Succeeded > 0)
            {
                findings.Add(Invariant.Format($"{r.Name}: {r.Requests.Succeeded} requests over {r.ConnectionsOpened} connections with no failures."));
            }
        }

        findings.AddRange(nat is null ? [] : BehindNat(results, nat));
        return findings;
    }

    /// <summary>What a Linux NAT between the clients and the server did: timeouts at its limit, nothing from churn.</summary>
    private static IEnumerable<string> BehindNat(IReadOnlyList<StrategyResult> results, RouterNat nat)
    {
        foreach (var r in results)
        {
            var timedOut = r.Failures.GetValueOrDefault(FailureKind.ETIMEDOUT);
            var most = Math.Max(r.EstablishedPeak, r.Held?.PeakHeld ?? 0);
            yield return timedOut > 0
                ? Invariant.Format($"{r.Name}: {timedOut:N0} connections timed out behind the NAT ({nat.Ports:N0} ports on one address), with {most:N0} open at once at most. A Linux NAT drops a new flow's SYN when its bounded port search finds no free port, so the client sees ETIMEDOUT (a slow network), never EADDRNOTAVAIL. Connections open at once fill it, not churn: since Linux 6.4 a new flow takes over a mapping whose conntrack entry is in TIME_WAIT, so closed connections' ports come back long before nf_conntrack_tcp_timeout_time_wait ({Duration.Format(nat.TimeWait)}).")
                : Invariant.Format($"{r.Name}: {r.Requests.Succeeded:N0} connections through a NAT of {nat.Ports:N0} ports, {most:N0} open at once at most, none lost: closed connections' ports come back at once (a new flow takes over a mapping in TIME_WAIT, Linux 6.4+), so only concurrency above {nat.Ports:N0} would fill it.");
        }
    }
}
