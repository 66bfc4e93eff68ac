using PortLoad.HostInfo;
using PortLoad.Planning;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Planning;

public class FleetPlannerTests
{
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(6);

    private static Scenario Fleet(string simulation, string strategy = """{ "name": "s", "connections": "per-request", "closeBy": "client" }""") =>
        ScenarioJson.Parse($$"""
            { "name": "fleet", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "load": [ { "inject": { "rate": 10, "during": "1m" } } ],
              "strategies": [ {{strategy}} ],
              "simulation": { "remoteTarget": true, {{simulation}} } }
            """, ScenarioLimits.Simulation);

    // Small fleets that run out of each kind of port, and one that does not: the cell (a few holds simulated, the rest
    // carried forward) against the whole six hours simulated event by event.
    [TestCase("\"nat\": \"aws-nat-gateway\"", 2, 500.0)]
    [TestCase("\"nat\": \"azure-app-service\"", 3, 1.0)]
    [TestCase("\"nat\": \"azure-lb-small-pool\"", 4, 5.0)]
    [TestCase("\"ephemeralPortRange\": [40000, 40999]", 2, 20.0)]
    [TestCase("\"ephemeralPortRange\": [40000, 40999]", 2, 5.0)]
    public void Cell_AgreesWithTheWholeHorizonSimulated(string simulation, int instances, double rate)
    {
        var scenario = Fleet(simulation);
        var strategy = scenario.Strategies[0];

        var cell = FleetPlanner.Cell(scenario, strategy, instances, rate, Horizon);
        var whole = scenario with { Network = scenario.Network with { Instances = instances } };
        whole = whole.WithLoad([new InjectPhase(rate, Horizon)]);
        var exact = ScenarioSimulator.Simulate(whole, strategy, SimulatedHost.For(whole, strategy: strategy), TimeSpan.FromSeconds(1)).Result;

        Assert.That(cell.FirstFailureSeconds, Is.EqualTo(exact.FirstFailureSeconds).Within(1).Percent);
        Assert.That(cell.FailedFraction, Is.EqualTo((double)exact.Requests.Failed / exact.Requests.Attempted).Within(1).Percent);
        Assert.That(cell.TimeWaitPeak, Is.EqualTo(exact.TimeWait.Peak).Within(1).Percent);
        Assert.That(cell.SimulatedSeconds, Is.LessThan(Horizon.TotalSeconds / 4), "the cell took the short way");
    }

    [Test]
    public void Plan_AwsGateway_FrontierIsItsPortsOverTheirHold()
    {
        // 55,000 ports to one destination, each held 60 s after close (and the 1 ms request): 916.6 new connections/s
        // for the whole fleet, so at 100/s an instance, 9 instances never fail and 10 do, once 55,000 are held (55 s).
        var scenario = Fleet("\"nat\": \"aws-nat-gateway\"") with { Load = [new InjectPhase(100, TimeSpan.FromMinutes(1))] };

        var plan = FleetPlanner.Plan(scenario, new PlanGrid([1, 5, 9, 10, 20], [50, 100], TimeSpan.FromHours(1)));

        Assert.That(plan.MaxInstances("s"), Is.EqualTo(9));
        Assert.That(plan.Frontier("s"), Is.EqualTo(new[] { (50.0, 10), (100.0, 9) }));
        Assert.That(plan.Cell("s", 10, 100).FirstFailureSeconds, Is.EqualTo(55.0 + 2).Within(0.1), "the first SYN dropped, seen when its request times out (2 s)");
        Assert.That(plan.Cell("s", 20, 100).FailedFraction, Is.EqualTo(1 - (55_000 / 60.001 / 2000)).Within(1).Percent);
        Assert.That(plan.Cell("s", 20, 100).Limit, Does.StartWith("NAT ports (aws-nat-gateway): 55,000 ports"));
        Assert.That(plan.Cell("s", 9, 100).Limit, Is.Null);
    }

    [Test]
    public void Plan_AddsTheScenariosOwnFleetAndRate_AndAPoolNeverFails()
    {
        var scenario = Fleet("\"nat\": \"azure-app-service\"", """{ "name": "pooled", "connections": "pooled", "poolSize": 16 }""")
            with { Network = new NetworkOptions { Instances = 3 } };

        var plan = FleetPlanner.Plan(scenario, new PlanGrid([1, 100], [50], TimeSpan.FromDays(1)));

        Assert.That(plan.Grid.Instances, Is.EqualTo(new[] { 1, 3, 100 }));
        Assert.That(plan.Grid.Rates, Is.EqualTo(new[] { 10.0, 50.0 }));
        Assert.That(plan.Cells.Select(c => c.FirstFailureSeconds), Is.All.Null);
        Assert.That((plan.MaxInstances("pooled"), plan.MaxRatePerInstance("pooled")), Is.EqualTo((100, 50.0)));
    }

    [Test]
    public void AzureAppServiceIncident_IsARowOfAPlan()
    {
        // The incident: 128 SNAT ports an instance, back 4 min after close; at 2 calls/s they are gone in 64 s, and
        // 128 / 240 s sustain 0.53 calls/s: 0.5/s never fails, whatever the fleet (the ports are each instance's own).
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "incidents", "azure-app-service-snat.json"));

        var plan = FleetPlanner.Plan(scenario, new PlanGrid([1, 10, 100], [0.5, 2], TimeSpan.FromHours(24)));

        // The first dropped SYN at 64 s is seen when its request times out (the scenario's 2 s).
        Assert.That(plan.Cell("unpooled", 1, 2).FirstFailureSeconds, Is.EqualTo(64 + 2).Within(0.5));
        Assert.That(plan.Cell("unpooled", 100, 2).FirstFailureSeconds, Is.EqualTo(64 + 2).Within(0.5));
        Assert.That(plan.MaxInstances("unpooled"), Is.Zero, "the incident's own rate, 2/s, fails with any fleet");
        Assert.That(plan.Frontier("unpooled")[0], Is.EqualTo((0.5, 100)));
        Assert.That(plan.Cell("unpooled", 1, 2).Limit, Is.EqualTo(plan.Cell("unpooled", 100, 2).Limit), "each instance has its own 128 ports");
        Assert.That(plan.Cell("unpooled", 100, 2).Limit, Is.EqualTo("NAT ports (azure-app-service): 128 ports an instance, each held 240s, sustain 1 new connections/s an instance"));
    }

    [Test]
    public void AwsNatGatewayIncident_IsARowOfAPlan()
    {
        // The incident's gateway and client: 55,000 ports to its one destination, each back 60 s after close, shared
        // by the fleet: its 3 instances sustain 916.6 new connections/s together, 305.5/s each.
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "incidents", "aws-nat-gateway.json"));

        var plan = FleetPlanner.Plan(scenario, new PlanGrid([3], [300, 310], TimeSpan.FromHours(1)));

        Assert.That(plan.ScenarioRate, Is.Null, "the incident holds connections: it has no rate of its own");
        Assert.That(plan.MaxRatePerInstance("held"), Is.EqualTo(300));
        Assert.That(plan.Cell("held", 3, 310).Limit, Does.StartWith("NAT ports (aws-nat-gateway): 55,000 ports"));
    }

    [Test]
    public void Plan_LocalPorts_EachInstanceHasItsOwn_SoTheRateLimitDoesNotDependOnTheFleet()
    {
        // 1,000 local ports an instance (an address each), held 60 s in TIME_WAIT: 16.7 new connections/s an
        // instance, whatever the fleet.
        var scenario = Fleet("\"ephemeralPortRange\": [40000, 40999]");

        var plan = FleetPlanner.Plan(scenario, new PlanGrid([1, 4], [16, 17], TimeSpan.FromMinutes(30)));

        Assert.That(plan.Frontier("s"), Is.EqualTo(new[] { (10.0, 4), (16.0, 4), (17.0, 0) }));
        Assert.That(plan.Cell("s", 4, 17).Limit, Is.EqualTo(plan.Cell("s", 1, 17).Limit), "the words do not change with the fleet");
        Assert.That(plan.Cell("s", 4, 17).Limit, Does.StartWith("ephemeral ports (TIME_WAIT): 1,000 ports an instance, each held 60s, sustain 17 new connections/s an instance"));
    }
}
