using System.Globalization;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Runs;

/// <summary>Plain-language observations about a run: what a reader should take away, and why.</summary>
public static class Findings
{
    public static IReadOnlyList<string> For(Scenario scenario, IReadOnlyList<StrategyResult> results)
    {
        var findings = new List<string>();
        foreach (var r in results)
        {
            var range = r.Host.EphemeralPortRange;
            var space = r.SourceAddresses > 1 ? $"{r.PortSpace}-port space ({r.SourceAddresses} source addresses x {range.Size} ports)" : $"{range.Size}-port range";
            var exhausted = r.Failures["EADDRNOTAVAIL"];
            if (exhausted > 0)
            {
                findings.Add(Invariant($"{r.Name}: {exhausted} requests failed with EADDRNOTAVAIL (out of source ports), the first after {r.FirstFailureSeconds:0.##} s; TIME_WAIT peaked at {r.TimeWait.Peak} of the {space}."));
            }
            else if (r.Connections == "per-request" && r.CloseBy == "client" && r.TimeWait.Peak > 0
                     && r.Host.TcpTwReuse == 2 && IsLoopback(scenario))
            {
                var sustainable = range.Size / (double)r.Host.TimeWaitSeconds;
                findings.Add(Invariant(
                    $"{r.Name}: TIME_WAIT reached {r.TimeWait.Peak} with no EADDRNOTAVAIL because net.ipv4.tcp_tw_reuse = 2 lets loopback connections take over a TIME_WAIT port after 1 s. Against a remote host the same client would be limited to about {sustainable:0} new connections/s ({range.Size} ports / {r.Host.TimeWaitSeconds} s TIME_WAIT); run in an isolated namespace with tcpTwReuse 0 to reproduce that."));
            }
        }

        var pooled = results.Where(r => r.Connections == "pooled" && r.Requests.Failed == 0 && r.Requests.Succeeded > 0).ToList();
        foreach (var p in pooled)
        {
            findings.Add(Invariant($"{p.Name}: {p.Requests.Succeeded} requests over {p.ConnectionsOpened} connections with no failures."));
        }

        return findings;
    }

    private static bool IsLoopback(Scenario scenario) =>
        scenario.Target.Embedded || (scenario.Target.Host is { } h && ScenarioParser.IsLoopback(h));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
