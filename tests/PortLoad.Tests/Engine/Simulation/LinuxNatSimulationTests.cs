using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

/// <summary>A Linux NAT in the model: closed connections' ports come back at once; only connections open at once fill it.</summary>
public class LinuxNatSimulationTests
{
    private static PortLoad.Results.StrategyResult Run(string json) =>
        ScenarioSimulator.Run(ScenarioJson.Parse(json, ScenarioLimits.Simulation), TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

    [Test]
    public void NatInstances_ChurnPasses_HeldBeyondThePortsTimeOut()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "nat-instances.json"));

        var run = ScenarioSimulator.Run(scenario, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch);
        var result = run.Summary.Strategies[0];

        Assert.That(result.PortSpace, Is.EqualTo(4 * 1000), "four instances, a range each");
        Assert.That(result.Requests.Attempted, Is.EqualTo(4 * (100 + 50)));
        Assert.That(result.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(200 - 128), "200 held, 128 NAT ports");
        Assert.That(result.Failures[FailureKind.EADDRNOTAVAIL], Is.Zero);
        Assert.That(run.Rows.Where(r => r.T <= 4).Sum(r => r.Failed), Is.Zero, "400 short connections through 128 ports: each port free again at close");
        Assert.That(result.Held!.PeakHeld, Is.EqualTo(128));
        Assert.That(run.Summary.Findings, Has.Some.Contains("timed out behind the NAT"));
        Assert.That(result.Analysis!.Limit.Kind, Is.Not.EqualTo(LimitKind.NatPorts), "a Linux NAT is no rate limit");
    }

    [Test]
    public void BigLinuxNat_BoundedSearch_DropsSomeFlowsWhilePortsAreStillFree()
    {
        var result = Run("""
            { "name": "n", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 49999], "tcpTwReuse": 0, "nat": { "ports": 1024 } },
              "load": [ { "hold": { "connections": 1024, "openRate": 500, "during": "2s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request" } ] }
            """);

        // 128, 64, 32 and 16 consecutive ports from random offsets, for each SYN and its retransmit: not every free port is found.
        Assert.That(result.Held!.PeakHeld, Is.InRange(1000, 1023));
        Assert.That(result.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(1024 - result.Held.PeakHeld));
    }

    [Test]
    public void SmallLinuxNat_SearchesEveryPort_FailsOnlyWhenAllAreHeld()
    {
        var result = Run("""
            { "name": "n", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 49999], "tcpTwReuse": 0, "nat": { "ports": 100 } },
              "load": [ { "hold": { "connections": 150, "openRate": 300, "during": "1s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request" } ] }
            """);

        Assert.That(result.Held!.PeakHeld, Is.EqualTo(100));
        Assert.That(result.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(50));
    }
}

public class LinuxNatKindTests
{
    [Test]
    public void SimulationNatKindLinux_IsTheSameModelAsTheScenariosRouter()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "n", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "load": [ { "hold": { "connections": 150, "openRate": 300, "during": "1s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request" } ],
              "simulation": { "nat": { "kind": "linux", "ports": 100 } } }
            """, ScenarioLimits.Simulation);

        var result = ScenarioSimulator.Run(scenario, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        Assert.That(scenario.Simulation!.Nat, Is.EqualTo(new NatOptions("linux", 100, TimeSpan.FromSeconds(120))));
        Assert.That(result.Held!.PeakHeld, Is.EqualTo(100));
        Assert.That(result.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(50));
    }
}
