using PortLoad.Recording;
using PortLoad.Watching;

namespace PortLoad.Captures;

/// <summary>
/// What a capture shows and what to do about it, in the words a run's findings and recommendations use: where the
/// ports go (TIME_WAIT is connections this host closed; ESTABLISHED, connections it holds), the limit (range /
/// TIME_WAIT), pooling, letting the server close first, more 4-tuples or a wider range, tcp_tw_reuse with its
/// caveat, and the public incident the host resembles. Said only from what the capture shows.
/// </summary>
public static class CaptureFindings
{
    /// <summary>A destination is worth a word from this share of its space on.</summary>
    public const double Notable = 0.25;

    public static IReadOnlyList<string> For(CaptureDiagnosis diagnosis, DiagnosedSnapshot snapshot)
    {
        var findings = new List<string>();
        var facts = diagnosis.Facts;
        var range = facts.EphemeralPortRange.Size;
        var busiest = snapshot.Destinations.FirstOrDefault();
        if (snapshot.PortsLookBound)
        {
            var incident = Incidents.Known.First(i => i.Scenario.EndsWith("eaddrinuse.json", StringComparison.Ordinal));
            findings.Add(Invariant.Format($"{snapshot.ClientPorts:N0} client ports, {snapshot.ClientPorts / (double)range:P0} of the {range:N0}-port range, and not one of them towards two destinations: the ports look chosen by bind() before connect(), which takes a port from every destination at once, so the range is one space for all of them, and it fails with EADDRINUSE. Recommendation: let connect() choose the port, or bind the address with IP_BIND_ADDRESS_NO_PORT. This is the failure mode of {incident.Name} ({incident.Source}); {incident.Scenario} reproduces it."));
        }

        if (busiest is null || busiest.Usage < Notable)
        {
            findings.Add(Invariant.Format($"No destination uses {Notable:P0} of its port space ({snapshot.ClientPorts:N0} client ports in all){(snapshot.PortsLookBound ? "" : ": no sign of exhaustion in this capture")}."));
            return findings;
        }

        var space = diagnosis.SharedSpace ? Invariant.Format($"the {range:N0} ports every destination shares ({facts.Os})") : Invariant.Format($"its {range:N0}-port range");
        findings.Add(Invariant.Format($"{busiest.Destination} (from {busiest.Source}): {busiest.InUse:N0} ports in use, {busiest.Usage:P0} of {space}: {busiest.TimeWait:N0} in TIME_WAIT (connections this host closed, each holding its port {facts.TimeWaitSeconds} s), {busiest.Established:N0} established."));
        if (busiest.SecondsToExhaustion is { } seconds)
        {
            findings.Add(Invariant.Format($"At {busiest.NewPerSecond:0.#} new connections/s the space runs out in about {seconds:0} s: above the {PortBudget.SustainableRate(range, facts.TimeWaitSeconds):0} /s that {range:N0} ports / {facts.TimeWaitSeconds} s TIME_WAIT sustain."));
        }

        var churn = busiest.TimeWait >= busiest.Established;
        if (churn && Watcher.HoldSeconds(facts, CaptureDiagnosis.TowardsLoopback(busiest)) < facts.TimeWaitSeconds)
        {
            findings.Add(Invariant.Format($"net.ipv4.tcp_tw_reuse = {facts.TcpTwReuse} lets a new connection to {busiest.Destination} take over a TIME_WAIT port after about 1 s, so these ports do not run out at this rate. Towards a host where it does not apply, {range:N0} ports / {facts.TimeWaitSeconds} s TIME_WAIT sustain about {PortBudget.SustainableRate(range, facts.TimeWaitSeconds):0} new connections/s."));
            return findings;
        }

        var web = busiest.Destination.EndsWith(":443", StringComparison.Ordinal) || busiest.Destination.EndsWith(":80", StringComparison.Ordinal);
        findings.Add(churn
            ? Invariant.Format($"Recommendation: pool connections. A pool of N holds N ports whatever the rate; here {busiest.TimeWait:N0} ports wait out TIME_WAIT, one for each connection closed in the last {facts.TimeWaitSeconds} s.{(web ? " In .NET: one shared HttpClient (or IHttpClientFactory), never one per request." : "")}")
            : Invariant.Format($"Recommendation: find what holds {busiest.Established:N0} connections open to {busiest.Destination}{(busiest.Process is { } p ? $" ({p})" : "")}: held connections are not freed by pooling or TIME_WAIT settings; a bounded pool, or a timeout that closes idle ones, is."));
        if (churn)
        {
            findings.Add("Recommendation: let the server close first. The side that closes first holds TIME_WAIT; when the server does (HTTP: Connection: close from the server), the client's port is free at once.");
        }

        if (!diagnosis.SharedSpace && churn && busiest.NewPerSecond > 0)
        {
            var needed = (long)Math.Ceiling(busiest.NewPerSecond * facts.TimeWaitSeconds);
            findings.Add(Invariant.Format($"Recommendation: more 4-tuples, or a wider range. At {busiest.NewPerSecond:0.#} new connections/s each held {facts.TimeWaitSeconds} s, {busiest.Destination} needs about {needed:N0} ports; one (source address, destination port) pair gives {range:N0}: add source addresses or destination ports, or widen ip_local_port_range (1024-65535 gives at most {64_512:N0})."));
        }

        if (!diagnosis.SharedSpace && churn && facts.TcpTwReuse is 0 or 2)
        {
            findings.Add(Invariant.Format($"Recommendation, with care: net.ipv4.tcp_tw_reuse = 1 lets a new outgoing connection take over a TIME_WAIT port after about 1 s (TCP timestamps needed){(facts.TcpTwReuse == 2 ? "; 2, the default, does so towards loopback only" : "")}; it treats the symptom, and pooling removes the cause."));
        }

        findings.Add(Incident(facts.Os));
        return findings;
    }

    private static string Incident(string os)
    {
        var incident = Incidents.OfSystem(os);
        return $"This is the failure mode of {incident.Name} ({incident.Source}); {incident.Scenario} reproduces it.";
    }
}
