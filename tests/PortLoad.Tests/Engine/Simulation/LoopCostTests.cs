using PortLoad.HostInfo;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

/// <summary>
/// A closed model against the embedded server, calibrated with the machine's time per connection
/// (<c>simulation.loopConnectMicroseconds</c>): both ends share the cores, so the loops fill the range at the machine's
/// pace whatever their number, as measured runs do (2, 4 and 8 loops fill 300 ports in about the same time); without
/// it each loop waits the modelled service time, and the fill time falls with the loops.
/// </summary>
public class LoopCostTests
{
    private static Scenario Closed(int copies, string simulation, bool embedded = true) => ScenarioJson.Parse($$"""
        { "name": "closed", "target": { {{(embedded ? "\"server\": \"embedded\"" : "\"host\": \"127.0.0.1\", \"port\": 9")}}, "protocol": "tcp-echo" },
          "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40299], "tcpTwReuse": 0 },
          "load": [ { "keepConstant": { "copies": {{copies}}, "during": "2s" } } ],
          "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ],
          "simulation": { {{simulation}} } }
        """, ScenarioLimits.Simulation);

    private static PortLoad.Results.StrategyResult Simulate(Scenario scenario) =>
        ScenarioSimulator.Simulate(scenario, scenario.Strategies[0], SimulatedHost.For(scenario), TimeSpan.FromMilliseconds(100)).Result;

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(8)]
    public void Calibrated_FillsTheRangeAtTheMachinesPace_WhateverTheLoops(int copies)
    {
        var result = Simulate(Closed(copies, "\"loopConnectMicroseconds\": 150, \"perProbeNanoseconds\": 50"));

        // 300 connections at 150 µs each, plus their probing: about 1 + 300 / 4 ports each at 50 ns.
        Assert.That(result.FirstFailureSeconds, Is.EqualTo(300 * (150 + (76 * 0.05)) * 1e-6).Within(3).Percent);
    }

    [Test]
    public void Uncalibrated_EachLoopWaitsTheServiceTime()
    {
        var two = Simulate(Closed(2, "\"perProbeNanoseconds\": 50"));
        var eight = Simulate(Closed(8, "\"perProbeNanoseconds\": 50"));

        Assert.That(two.FirstFailureSeconds, Is.EqualTo(4 * eight.FirstFailureSeconds!.Value).Within(5).Percent);
    }

    [Test]
    public void LoopCost_LeavesOpenModelsAndOtherServersAlone()
    {
        var open = Closed(4, "\"loopConnectMicroseconds\": 150") with { Load = [new InjectPhase(200, TimeSpan.FromSeconds(2))] };
        var remote = Closed(4, "\"loopConnectMicroseconds\": 150", embedded: false);

        Assert.That(Simulate(open), Is.EqualTo(Simulate(open with { Simulation = open.Simulation! with { LoopConnectMicroseconds = null } })).Using(Figures));
        Assert.That(Simulate(remote), Is.EqualTo(Simulate(remote with { Simulation = remote.Simulation! with { LoopConnectMicroseconds = null } })).Using(Figures));
    }

    private static readonly Comparison<PortLoad.Results.StrategyResult> Figures = (a, b) =>
        a.Requests == b.Requests && a.FirstFailureSeconds == b.FirstFailureSeconds && a.TimeWait.Peak == b.TimeWait.Peak ? 0 : 1;
}
