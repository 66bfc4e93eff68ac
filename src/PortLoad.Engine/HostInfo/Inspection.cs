using System.Globalization;
using System.Net;
using PortLoad.Sampling;

namespace PortLoad.HostInfo;

/// <summary>What <c>portload inspect</c> reports: the host's facts and what follows from them.</summary>
public sealed record Inspection(
    HostFacts Host,
    string TcpTwReuseMeaning,
    long? TimeWaitTotal,
    IReadOnlyList<DestinationTimeWait> TopTimeWaitDestinations,
    IReadOnlyList<RateLimit> SustainableRates)
{
    public static Inspection Take(int top = 5)
    {
        var host = HostFactsReader.Read();
        IReadOnlyList<DestinationTimeWait> destinations = [];
        if (NetlinkSocketCounter.TryCreate() is { } netlink)
        {
            using (netlink)
            {
                destinations = Top(netlink.TimeWaitByDestination(), top);
            }
        }

        return new Inspection(host, ReuseMeaning(host.TcpTwReuse), SockStat.TimeWait(), destinations, Rates(host));
    }

    public static IReadOnlyList<DestinationTimeWait> Top(IReadOnlyDictionary<IPEndPoint, long> counts, int top) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key.ToString(), StringComparer.Ordinal).Take(top)
            .Select(c => new DestinationTimeWait(c.Key.ToString(), c.Value)).ToList();

    public static string ReuseMeaning(int? reuse) => reuse switch
    {
        0 => "off: a closed connection's port stays taken for the whole TIME_WAIT, to every destination",
        1 => "on for every destination: a TIME_WAIT port can be taken over 1 s after its last timestamp",
        2 => "on for loopback only (the default): a test against 127.0.0.1 reuses ports after 1 s and does not show the exhaustion that remote traffic hits at range / TIME_WAIT",
        null => "not applicable on this system",
        _ => "unknown value",
    };

    /// <summary>New connections per second to one destination (client closes first), here and on each system's defaults.</summary>
    public static IReadOnlyList<RateLimit> Rates(HostFacts host)
    {
        var range = host.EphemeralPortRange;
        var withoutReuse = new RateLimit("", range, host.TimeWaitSeconds, PortBudget.SustainableRate(range.Size, host.TimeWaitSeconds), "range / TIME_WAIT");
        // With reuse, ports come back after 1 s, even ones first: about half the range per second (measured).
        var withReuse = withoutReuse with { NewConnectionsPerSecond = range.Size / 2.0, Note = "tcp_tw_reuse: about range/2 per second (measured)" };
        var rates = new List<RateLimit>
        {
            (host.TcpTwReuse == 1 ? withReuse : withoutReuse) with { System = "this host, remote destination" },
            (host.TcpTwReuse is 1 or 2 ? withReuse : withoutReuse) with { System = "this host, loopback destination" },
        };
        foreach (var os in OsDefaults.All)
        {
            var note = os.TimeWaitMaxSeconds != os.TimeWaitSeconds
                ? string.Create(CultureInfo.InvariantCulture, $"default; {os.SustainableRateAtLongestTimeWait:0} /s at a {os.TimeWaitMaxSeconds} s TIME_WAIT")
                : "default";
            rates.Add(new RateLimit(os.Os, os.Range, os.TimeWaitSeconds, os.SustainableRate, note));
        }

        return rates;
    }
}

public sealed record DestinationTimeWait(string Destination, long TimeWait);

public sealed record RateLimit(string System, PortRange Range, int TimeWaitSeconds, double NewConnectionsPerSecond, string Note);
