using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>
/// What to do about what a run showed, each with the figure from the run that justifies it: pool, let the
/// server close first, add 4-tuples (source addresses, destination ports), widen the range, tcp_tw_reuse and
/// its caveats, and behind a NAT more outbound addresses or fewer connections. Said only when the run showed it.
/// </summary>
public static class Recommendations
{
    public static IReadOnlyList<string> For(IReadOnlyList<StrategyResult> results, TargetProtocol protocol)
    {
        var advice = new List<string>();

        // Held connections run out by being held, not by churn: a pool is no answer, the finding on them says what is.
        results = [.. results.Where(r => r.Held is null)];
        var exhausted = results.Where(r => r.Failures.GetValueOrDefault(FailureKind.EADDRNOTAVAIL) > 0).ToList();
        var natLimited = results.Where(r => r.Analysis?.Limit.Kind == LimitKind.NatPorts && r.Failures.GetValueOrDefault(FailureKind.ETIMEDOUT) > 0).ToList();
        if (exhausted.Count == 0 && natLimited.Count == 0)
        {
            return advice;
        }

        var worst = exhausted.Concat(natLimited).MaxBy(r => r.Requests.Failed)!;
        var pool = results.Where(r => r.Connections == ConnectionMode.Pooled && r.Requests.Failed == 0 && r.Requests.Succeeded > 0).MaxBy(r => r.Requests.Succeeded);
        var dotnet = protocol is TargetProtocol.Http or TargetProtocol.Https
            ? " In .NET: one shared HttpClient (or IHttpClientFactory), never one per request; set PooledConnectionLifetime to recycle its connections."
            : "";
        advice.Add(pool is not null
            ? Invariant.Format($"Recommendation: pool connections. {pool.Name} carried {pool.Requests.Succeeded:N0} requests over {pool.ConnectionsOpened} connections (so {pool.ConnectionsOpened} ports) with no failures, where {worst.Name} opened {worst.ConnectionsOpened:N0} and failed {worst.Requests.Failed:N0} requests.{dotnet}")
            : Invariant.Format($"Recommendation: pool connections. A pool of N holds N ports whatever the rate; {worst.Name} opened {worst.ConnectionsOpened:N0} connections and failed {worst.Requests.Failed:N0} requests.{dotnet}"));

        var serverCloses = results.FirstOrDefault(r => r.Connections == ConnectionMode.PerRequest && r.CloseBy == CloseBy.Server && r.Requests.Failed == 0 && r.ConnectionsOpened > 0);
        if (serverCloses is not null && exhausted.Count > 0)
        {
            advice.Add(Invariant.Format($"Recommendation: let the server close first. {serverCloses.Name} opened {serverCloses.ConnectionsOpened:N0} connections with no failures: the server holds TIME_WAIT, and the client's port is free at once (HTTP: the server sends Connection: close)."));
        }

        foreach (var r in exhausted.Where(r => r.Analysis is { SustainablePerSecond: not null, OfferedPerSecond: not null, HoldSeconds: not null }).Take(1))
        {
            var a = r.Analysis!;
            var range = r.Host.EphemeralPortRange.Size;
            var needed = (long)Math.Ceiling(a.OfferedPerSecond!.Value * a.HoldSeconds!.Value);
            var tuples = (long)Math.Ceiling(needed / (double)range);
            advice.Add(Invariant.Format($"Recommendation: more 4-tuples, or a wider range. At {a.OfferedPerSecond:0.##} new connections/s each held {a.HoldSeconds:0.#} s, {r.Name} needs about {needed:N0} ports per destination; one (source address, destination port) pair gives {range:N0}, so about {tuples} pairs would do: add source addresses (bound with IP_BIND_ADDRESS_NO_PORT, so the port is still chosen per destination) or destination ports. Widening ip_local_port_range to 1024-65535 gives at most {64_512:N0} per pair."));
            if (r.Host.TcpTwReuse == 0)
            {
                advice.Add(Invariant.Format($"Recommendation, with care: net.ipv4.tcp_tw_reuse = 1 lets a new outgoing connection take over a TIME_WAIT port after about 1 s (TCP timestamps needed), which would cut the {a.HoldSeconds:0} s hold; it treats the symptom, and pooling removes the cause."));
            }
        }

        foreach (var r in natLimited.Take(1))
        {
            var a = r.Analysis!;
            advice.Add(Invariant.Format($"Recommendation for the NAT: {a.Limit} allows about {a.SustainablePerSecond:0.##} new connections/s to one destination ({r.Failures[FailureKind.ETIMEDOUT]:N0} requests timed out as SYNs were dropped): add outbound addresses (each brings its own ports) or open fewer, longer-lived connections."));
        }

        return advice;
    }
}
