using PortLoad.HostInfo;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

/// <summary>
/// A Linux NAT of one port, free as soon as its connection closes (conntrack forgets it after 1 ms, so no take-over
/// is needed), and a server that answers in 2.5 s: which request gets
/// the port depends on when each dropped SYN is sent again, against the NAT as it stands then: 1, 3, 7 s after the first
/// before Linux 6.5, 1, 2, 3, 4, 5, 7 s since (tcp_syn_linear_timeouts 4), which the lab's kernels have.
/// </summary>
public class SynRetransmitTests
{
    private static StrategyResult Simulate(int requests, SynSchedule syns)
    {
        var scenario = ScenarioJson.Parse($$"""
            { "name": "syn", "target": { "server": "embedded", "protocol": "tcp-echo", "responseDelay": "2500ms" },
              "load": [ { "inject": { "rate": 1, "during": "{{requests}}s" } } ],
              "request": { "timeout": "5s" },
              "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ],
              "simulation": { "remoteTarget": true, "nat": { "kind": "linux", "ports": 1, "releaseAfter": "1ms" } } }
            """, ScenarioLimits.Simulation);
        return ScenarioSimulator.Simulate(scenario, scenario.Strategies[0], SimulatedHost.For(scenario) with { Syns = syns }, TimeSpan.FromSeconds(1)).Result;
    }

    [Test]
    public void ALateSyn_TakesAPortFreedSinceItsFirst_AndHoldsItPastItsTimeout()
    {
        // Request 0 holds the port until 2.5 s. Request 1 (due 1 s): its SYN is dropped at 1 s and at 2 s, gets
        // through at 4 s, is answered at 6.5 s: past its timeout (6 s), so it fails, having held the port.
        var result = Simulate(2, SynSchedule.Exponential);

        Assert.That((result.Requests.Succeeded, result.Requests.Failed, result.ConnectionsOpened), Is.EqualTo((1L, 1L, 2L)));
        Assert.That(result.FirstFailureSeconds, Is.EqualTo(6).Within(0.01));
    }

    [Test]
    public void EachSyn_MeetsTheNatAsItStandsWhenSent()
    {
        // Request 2 (due 2 s) is dropped at 2 s and sent again at 3 s, when the port (free since 2.5 s) is there:
        // it gets it before request 1's SYN at 4 s, which then finds it taken until 5.5 s; request 1's next SYN would
        // go at 8 s, past its timeout: it fails at 6 s without ever connecting.
        var result = Simulate(3, SynSchedule.Exponential);

        Assert.That((result.Requests.Succeeded, result.Requests.Failed, result.ConnectionsOpened), Is.EqualTo((2L, 1L, 2L)));
        Assert.That(result.FirstFailureSeconds, Is.EqualTo(6).Within(0.01));
        Assert.That(result.LatencyMs.Max, Is.EqualTo(3_500).Within(10), "request 2: through at 3 s, answered 2.5 s later");
    }

    [Test]
    public void LinearStart_ALateSynGetsThroughInTime()
    {
        // Since 6.5: request 1's SYNs go at 1 s and 2 s (dropped: the port is held until 2.5 s) and 3 s, which gets it;
        // answered at 5.5 s, 4.5 s after it was due, within its 5 s timeout. Before 6.5 the same request failed (above).
        var result = Simulate(2, SynSchedule.Modern);

        Assert.That((result.Requests.Succeeded, result.Requests.Failed, result.ConnectionsOpened), Is.EqualTo((2L, 0L, 2L)));
        Assert.That(result.LatencyMs.Max, Is.EqualTo(4_500).Within(10));
    }

    [TestCase(4, new[] { 1.0, 2, 3, 4, 5, 7, 11, 19 })]
    [TestCase(0, new[] { 1.0, 3, 7, 15, 31 })]
    [TestCase(2, new[] { 1.0, 2, 3, 5, 9 })]
    public void Schedule_IsLinuxs(int linear, double[] expected)
    {
        var syns = new SynSchedule(linear);
        var times = new List<double>();
        for (var (at, sent) = (syns.Next(0, 0), 1); times.Count < expected.Length; at = syns.Next(at, sent++))
        {
            times.Add(at);
        }

        Assert.That(times, Is.EqualTo(expected));
    }

    [TestCase(null, "6.1.0-18-amd64", 0)]
    [TestCase(null, "6.18.44-fc-v1252", 4)]
    [TestCase(null, "5.15.0", 0)]
    [TestCase(2, "6.1.0", 2)]
    [TestCase(null, "unknown", 4)]
    public void Of_TheSysctl_ElseTheKernelsVersion(int? sysctl, string kernel, int expected) =>
        Assert.That(SynSchedule.Of(sysctl, kernel).LinearTimeouts, Is.EqualTo(expected));
}
