using PortLoad.HostInfo;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

public class ScenarioSimulatorTests
{
    private static Scenario Load(string file) =>
        new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", file));

    [Test]
    public void Exhaustion_PerRequestFailsAtRangeOverRate_OthersNever()
    {
        var run = ScenarioSimulator.Run(Load("exhaustion.json"), TimeSpan.FromMilliseconds(250), DateTimeOffset.UnixEpoch);
        var byName = run.Summary.Strategies.ToDictionary(s => s.Name);

        Assert.That(run.Summary.Mode, Is.EqualTo(RunMode.Simulated));
        Assert.That(byName["per-request"].FirstFailureSeconds, Is.EqualTo(5.0).Within(0.01));
        Assert.That(byName["per-request"].Failures[FailureKind.EADDRNOTAVAIL], Is.EqualTo(2000));
        Assert.That(byName["per-request"].TimeWait.Peak, Is.EqualTo(1000));
        Assert.That(byName["pooled"].Requests.Failed + byName["server-closes"].Requests.Failed, Is.Zero);
        Assert.That(byName["per-request"].Analysis!.FirstFailureSeconds, Is.EqualTo(5.0));
        Assert.That(byName["per-request"].Analysis!.FailuresExpected, Is.EqualTo(2000));
    }

    [Test]
    public void WhatIfCloudNat_SnatRunsDry_PerRequestTimesOut_PoolIsFine()
    {
        var run = ScenarioSimulator.Run(Load("what-if-cloud-nat.json"), TimeSpan.FromSeconds(10), DateTimeOffset.UnixEpoch);
        var perRequest = run.Summary.Strategies[0];
        var pooled = run.Summary.Strategies[1];

        // 128 ports, each back 240 s after its connection closed: 128 in the first 240 s, then 128 per 240 s.
        Assert.That(perRequest.Requests.Succeeded, Is.EqualTo(128 * 15));
        Assert.That(perRequest.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(18_000 - (128 * 15)));
        Assert.That(perRequest.Analysis!.Limit, Is.EqualTo(new PortLimit(LimitKind.NatPorts, Nat: "azure-app-service")));
        Assert.That(perRequest.Analysis.Limit.ToString(), Is.EqualTo("NAT ports (azure-app-service)"));
        Assert.That(perRequest.Analysis.SustainablePerSecond, Is.EqualTo(128 / 240.0));
        Assert.That(pooled.Requests.Failed, Is.Zero);
        Assert.That(run.Summary.Findings, Has.Some.Contains("the limit is NAT ports"));
    }

    [TestCase("azure-app-service", 3, 1, 3 * 128)]
    [TestCase("aws-nat-gateway", 3, 1, 55_000)]
    [TestCase("aws-nat-gateway", 1, 2, 2 * 55_000)]
    public void NatPorts_ScaleWithInstances_WhereEachHasItsOwn_AndWithDestinations(string nat, int instances, int destinations, int ports)
    {
        // Every instance opens 160,000 connections in 40 s, each port held 60 s or more after it: the NAT's ports fill once.
        var scenario = ScenarioJson.Parse($$"""
            { "name": "fleet", "target": { "server": "embedded", "protocol": "tcp-echo", "listenPorts": {{destinations}} },
              "network": { "namespace": "isolated", "instances": {{instances}} },
              "load": [ { "inject": { "rate": 4000, "during": "40s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ],
              "simulation": { "nat": "{{nat}}", "remoteTarget": true, "ephemeralPortRange": [1024, 65535] } }
            """, ScenarioLimits.Simulation);

        var result = ScenarioSimulator.Run(scenario, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        Assert.That(result.Requests.Succeeded, Is.EqualTo(ports));
        Assert.That(result.Analysis!.SustainablePerSecond, Is.EqualTo(ports / NatPresets.ByName[nat].ReleaseAfter.TotalSeconds));
    }

    [TestCase(10 * 60, 1)]
    [TestCase(3_600, 1)]
    [TestCase(86_400, 24)]
    [TestCase(7 * 86_400, 168)]
    public void IntervalFor_LongLoads_KeepsAtMostMaxRows(int seconds, int intervalSeconds)
    {
        var scenario = ScenarioJson.Parse(ScenarioJson.Valid, ScenarioLimits.Simulation).WithLoad([new InjectPhase(1, TimeSpan.FromSeconds(seconds))]);

        Assert.That(ScenarioSimulator.IntervalFor(scenario, TimeSpan.FromSeconds(1)), Is.EqualTo(TimeSpan.FromSeconds(intervalSeconds)));
    }

    [Test]
    public void LoopbackDefaults_ReuseTwo_TimeWaitSettlesAtHalfTheRange()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "fast", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "load": [ { "inject": { "rate": 5000, "during": "10s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request" } ] }
            """, ScenarioLimits.Simulation);

        var result = ScenarioSimulator.Run(scenario, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        Assert.That(result.Host.TcpTwReuse, Is.EqualTo(2));
        // Even ports first; each is taken over 1 s after it closed, long before the odd half is needed.
        Assert.That(result.TimeWait.Final, Is.EqualTo(28232 / 2));
        Assert.That(result.Requests.Failed, Is.Zero);
    }

    [TestCase("azure-app-service", 128, 240, true)]
    [TestCase("azure-lb-small-pool", 1024, 240, true)]
    [TestCase("aws-nat-gateway", 55_000, 60, false)]
    public void NatPresets_HaveTheDocumentedFigures(string name, int ports, int releaseSeconds, bool perInstance)
    {
        var scenario = ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"name\": \"t\",", $"\"name\": \"t\", \"simulation\": {{ \"nat\": \"{name}\" }},"), ScenarioLimits.Simulation);

        Assert.That(scenario.Simulation!.Nat, Is.EqualTo(new NatOptions(name, ports, TimeSpan.FromSeconds(releaseSeconds)) { PerInstance = perInstance }));
    }

    [Test]
    public void Simulation_Os_SetsRangeAndTimeWait()
    {
        var scenario = ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"name\": \"t\",", "\"name\": \"t\", \"simulation\": { \"os\": \"windows\", \"timeWaitSeconds\": 240 },"), ScenarioLimits.Simulation);

        var host = SimulatedHost.For(scenario);

        Assert.That((host.Range, host.TimeWaitSeconds, host.TcpTwReuse), Is.EqualTo((new PortRange(49152, 65535), 240, 0)));
    }

    [TestCase("\"os\": \"solaris\"", "simulation.os", "allowed: linux, windows, macos")]
    [TestCase("\"nat\": \"azure\"", "simulation.nat", "is not a NAT kind")]
    [TestCase("\"nat\": { \"ports\": 10 }", "simulation.nat.releaseAfter", "is required")]
    [TestCase("\"perProbeNanoseconds\": -1", "simulation.perProbeNanoseconds", "must be >= 0")]
    public void Simulation_BadValues_AreReported(string field, string path, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\",", $"\"name\": \"t\", \"simulation\": {{ {field} }},"), ScenarioLimits.Simulation);

        Assert.That(errors.Single().Path, Is.EqualTo(path));
        Assert.That(errors.Single().Message, Does.Contain(message));
    }

    [Test]
    public void Run_SimulationBlock_IsRejectedForARealRun()
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"name\": \"t\",", "\"name\": \"t\", \"simulation\": { \"os\": \"macos\" },"));

        Assert.That(errors.Single().Path, Is.EqualTo("simulation"));
        Assert.That(errors.Single().Message, Does.Contain("'portload simulate' only"));
    }

    [Test]
    public void PredictSelfCalibrated_PricesAClosedModelsFailedAttempts_WithTheRunsOwnCost()
    {
        // 4 loops past a 200-port range: their failures count how fast the machine fails an attempt. The run measured
        // 100 µs a failed attempt: its own prediction uses that, and says so; the plain prediction does not.
        var scenario = ScenarioJson.Parse("""
            { "name": "closed", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40199], "tcpTwReuse": 0 },
              "load": [ { "keepConstant": { "copies": 4, "during": "3s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ] }
            """);
        var strategy = scenario.Strategies[0];
        var own = new Calibration(40, 120, 600) { FailedAttemptMicroseconds = 100 };
        var measured = ScenarioSimulator.Simulate(scenario, strategy, SimulatedHost.For(scenario), TimeSpan.FromSeconds(1)).Result with { Calibration = own };

        var plain = ScenarioSimulator.Predict(scenario, strategy, measured, TimeSpan.FromSeconds(1)).Result;
        var self = ScenarioSimulator.PredictSelfCalibrated(scenario, strategy, measured, TimeSpan.FromSeconds(1)).Result;

        Assert.That(self.Calibration, Is.EqualTo(own));
        Assert.That(plain.Calibration, Is.Null);
        // Once the ports are gone, one loop's attempts at 100 µs each: (3 s - the range's fill) / 100 µs, give or take the last.
        Assert.That(self.Requests.Failed, Is.EqualTo((3 - self.FirstFailureSeconds!.Value) / 100e-6).Within(1).Percent);
        Assert.That(plain.Requests.Failed, Is.GreaterThan(2 * self.Requests.Failed), "the kernel's probe alone is cheaper than the machine's failed attempt");
    }
}
