using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

/// <summary>The 65,535 myth in the model: one server port, four source addresses, each with the whole range.</summary>
public class HoldSimulationTests
{
    private static Scenario Beyond65535 => new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "beyond-65535.json"));

    [Test]
    public void Beyond65535_AllHeldAtOnceToOnePort_BelowEachAddressCeiling()
    {
        var result = ScenarioSimulator.Run(Beyond65535, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        Assert.That(result.Held!.PeakHeld, Is.EqualTo(100_000));
        Assert.That(result.Held.PerAddressCeiling, Is.EqualTo(25_536));
        Assert.That(result.Held.SourceAddresses, Is.EqualTo(8));
        Assert.That(result.Requests.Failed, Is.Zero);
        Assert.That(result.EstablishedPeak, Is.EqualTo(100_000), "held at once, not one after another");
        Assert.That(result.TimeWait.Peak, Is.Zero, "closed with RST at the end");
    }

    [Test]
    public void Beyond65535_AskedPastTheCeiling_EveryAddressFillsItsRange_TheRestFailWithEaddrnotavail()
    {
        const int ceiling = 8 * 25_536;
        var scenario = Beyond65535.WithLoad([new HoldPhase(ceiling + 2_000, 20_000, TimeSpan.FromSeconds(5))]);

        var result = ScenarioSimulator.Run(scenario, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        Assert.That(result.Held!.PeakHeld, Is.EqualTo(ceiling));
        Assert.That(result.Failures[FailureKind.EADDRNOTAVAIL], Is.EqualTo(2_000));
    }

    [Test]
    public void Hold_ClientCloses_EveryHeldPortGoesToTimeWaitAtThePhaseEnd()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "t", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40999], "tcpTwReuse": 0 },
              "load": [ { "hold": { "connections": 800, "openRate": 400, "during": "3s" } }, { "pause": { "during": "2s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ] }
            """, ScenarioLimits.Simulation);

        var run = ScenarioSimulator.Run(scenario, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch);
        var result = run.Summary.Strategies[0];

        Assert.That(result.Requests.Failed, Is.Zero);
        Assert.That(result.Held!.PeakHeld, Is.EqualTo(800));
        Assert.That(result.Held.OpenSeconds, Is.EqualTo(2).Within(0.01));
        Assert.That(run.Rows.Single(r => r.T == 4).Established, Is.EqualTo(800), "all held during the hold");
        Assert.That(run.Rows.Single(r => r.T == 6).TimeWait, Is.EqualTo(800), "the client closed them all at 5 s");
    }
}
