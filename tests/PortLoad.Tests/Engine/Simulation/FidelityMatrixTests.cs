using PortLoad.Isolation;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

/// <summary>
/// The simulator earns trust by agreeing with the real kernel: each case runs for real in a namespace
/// the test makes, then in the model on the settings that were in force, and compares the first
/// failure (within 5% or 0.3 s), the failures (within 5%; a NAT held by slow answers, 10%) and the TIME_WAIT peak
/// (within 2%; behind slow answers, as the failures).
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class FidelityMatrixTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("200 ports, 100/s, reuse 0, client closes", 200, 0, 100, 3, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""");
        yield return Case("400 ports, 200/s, reuse 0, client closes", 400, 0, 200, 2.5, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""");
        yield return Case("100 ports x 2 sources, 200/s, reuse 0", 100, 0, 200, 1.5, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", sources: 2);
        yield return Case("200 ports, 150/s, reuse 0, server closes", 200, 0, 150, 2, """{ "name": "s", "connections": "per-request", "closeBy": "server" }""");
        yield return Case("100 ports, 40/s, reuse 2, client closes", 100, 2, 40, 4, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""");
        yield return Case("200 ports, 100/s, reuse 0, pooled", 200, 0, 100, 2.5, """{ "name": "s", "connections": "pooled", "poolSize": 4 }""");

        // Issue 13's faces: who picks the port, several destinations, fixed ports, a NAT, instances.
        yield return Case("bind picks: 200 ports, 100/s, EADDRINUSE", 200, 2, 100, 3, """{ "name": "s", "connections": "per-request", "closeBy": "client", "portChoice": "bind" }""");
        yield return Case("two server ports: 200 ports, 150/s", 200, 0, 150, 4, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", target: """ "listenPorts": 2 """);
        yield return Case("two server ports, bind picks: 200 ports, 150/s", 200, 0, 150, 3, """{ "name": "s", "connections": "per-request", "closeBy": "client", "portChoice": "bind" }""", target: """ "listenPorts": 2 """);
        yield return Case("fixed ports: 100 of them, 100/s", 1000, 0, 100, 3, """{ "name": "s", "connections": "per-request", "closeBy": "client", "sourcePorts": [50000, 50099] }""");
        yield return Case("fixed ports with SO_REUSEADDR", 1000, 0, 100, 3, """{ "name": "s", "connections": "per-request", "closeBy": "client", "sourcePorts": [50000, 50099], "reuseAddress": true }""");
        // Churn through a NAT passes only while few mappings are still closing (the server's FIN not yet in, the entry not
        // yet in TIME_WAIT): with 64 ports a busy CI machine once dropped 5 of 600; 256 leave room for such stalls.
        yield return Case("NAT churn: 256 ports, 2 instances x 100/s", 1000, 0, 100, 3, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", network: """ "instances": 2, "nat": { "ports": 256 } """);
        yield return Case("NAT concurrency: 64 ports, 2 instances x 60 held", 1000, 0, 60, 1, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", network: """ "instances": 2, "nat": { "ports": 64 } """, load: """ { "hold": { "connections": 60, "openRate": 60, "during": "2s" } }, { "pause": { "during": "1s" } } """);
        yield return Case("instances: 3 x 100 ports, 100/s each", 100, 0, 100, 2, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", network: """ "instances": 3 """);

        // Issue 24's: a NAT held by slow answers. A SYN it drops goes again 1, 2 s later; one that gets through late holds
        // its port until the server answers, and a closed mapping is taken over only late in the NAT's search, one time
        // in two: 10% on failures. Exponential answers are the server's own draws, in the order requests reach it: the
        // model draws them from the same seed (178 against 192-213 measured when it drew them among its other chances).
        yield return Case("NAT, 0.5 s answers: 32 ports, 100/s", 10000, 0, 100, 8, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", target: """ "responseDelay": "500ms" """, network: """ "nat": { "ports": 32 } """, timeout: 3, tolerance: 0.10);
        yield return Case("NAT, 2 s answers: 128 ports, 100/s", 10000, 0, 100, 8, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", target: """ "responseDelay": "2s" """, network: """ "nat": { "ports": 128 } """, timeout: 3, tolerance: 0.10);
        yield return Case("NAT, exponential answers (mean 1 s): 128 ports, 150/s", 10000, 0, 150, 8, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", target: """ "responseDelay": { "mean": "1s", "distribution": "exponential" } """, network: """ "nat": { "ports": 128 } """, timeout: 3, tolerance: 0.10);
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Simulated_AgreesWithMeasured(int ports, int reuse, int rate, double seconds, string strategy, int sources, string target, string network, string load, double timeout, double tolerance)
    {
        Namespaces.RequireOrIgnore();
        if (network.Length > 0 && (Environment.UserName != "root" || !File.Exists("/usr/sbin/nft")))
        {
            Assert.Ignore("needs root and nftables: client namespaces behind a router namespace");
        }

        var addresses = string.Join(", ", Enumerable.Range(1, sources).Select(i => $"\"127.0.0.{i}\""));
        var clients = network.Length > 0 ? "" : $$""" "clients": { "sourceAddresses": [ {{addresses}} ] }, """;
        var scenario = ScenarioJson.Parse($$"""
            { "name": "fidelity", "target": { "server": "embedded", "protocol": "tcp-echo" {{(target.Length > 0 ? "," + target : "")}} },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, {{40000 + ports - 1}}], "tcpTwReuse": {{reuse}} {{(network.Length > 0 ? "," + network : "")}} },
              {{clients}} "warmUp": null,
              "load": [ {{(load.Length > 0 ? load : $$"""{ "inject": { "rate": {{rate}}, "during": "{{seconds}}s" } }""")}} ],
              "request": { "payloadBytes": 16, "timeout": "{{timeout}}s" },
              "strategies": [ {{strategy}} ],
              "sampling": { "interval": "100ms" } }
            """);
        var runner = new IsolatedStrategyRunner(ChildCommand.For(typeof(PortLoad.Cli.Program).Assembly));

        var measured = (await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;
        var simulated = ScenarioSimulator.Predict(scenario, scenario.Strategies[0], measured, TimeSpan.FromMilliseconds(100)).Result;

        TestContext.Out.WriteLine($"measured:  first failure {measured.FirstFailureSeconds}, failures {measured.Requests.Failed} ({string.Join(", ", measured.Failures.Where(f => f.Value > 0).Select(f => $"{f.Key} {f.Value}"))}), TIME_WAIT peak {measured.TimeWait.Peak}");
        TestContext.Out.WriteLine($"simulated: first failure {simulated.FirstFailureSeconds}, failures {simulated.Requests.Failed}, TIME_WAIT peak {simulated.TimeWait.Peak}");
        Assert.Multiple(() =>
        {
            // A stray failure or two in hundreds of connections (a reset, a late SYN through the router on a busy
            // machine: seen once in a CI run, 1 of 600 through a NAT) is noise the model does not have; the count is
            // still compared below.
            var stray = measured.Requests.Failed <= Math.Max(2, measured.Requests.Attempted / 200);
            if (measured.FirstFailureSeconds is { } m && !(stray && simulated.FirstFailureSeconds is null))
            {
                Assert.That(simulated.FirstFailureSeconds, Is.EqualTo(m).Within(Math.Max(0.3, m * tolerance)), "first failure (s)");
            }
            else
            {
                Assert.That(simulated.FirstFailureSeconds, Is.Null, "first failure (s)");
            }

            Assert.That(simulated.Requests.Failed, Is.EqualTo(measured.Requests.Failed).Within(Math.Max((long)Math.Ceiling(measured.Requests.Failed * tolerance), stray ? 2 : 0)), "failures");
            // Behind a NAT held by slow answers, TIME_WAIT is what was answered (a timed-out request's late answer meets a
            // reset): off by as much as the failures.
            var timeWait = tolerance > 0.05 ? tolerance : 0.02;
            Assert.That(simulated.TimeWait.Peak, Is.EqualTo(measured.TimeWait.Peak).Within((long)Math.Ceiling(measured.TimeWait.Peak * timeWait)), "TIME_WAIT peak");
        });
    }

    /// <summary>
    /// No rate cap, reuse 0: the even half of the range goes in under a second, then every connect()
    /// scans it whole before finding an odd port, so exhaustion takes many times range / rate. The model,
    /// priced with the per-probe CPU cost this very run measured on its failing connects, must land
    /// within 50%. It lands short: the cost is the cheapest failing connect's, while 64 loops on two
    /// cores walk the same buckets in lockstep and each probe costs more under that contention (3-8%
    /// short on the full range on a quiet day, 18-24% short here on half the range on a busy one, and
    /// 20-41% short in six runs on 2026-12-02, the unchanged code before this session included: the
    /// measured time wandered 10.8-14.4 s while the model stayed at 8.5-9.0 s). An uncalibrated model
    /// (no per-probe cost) is off by far more and still fails. Closing that bias is issue 13's work.
    /// About 30 s of real load on loopback, in a namespace of its own.
    /// </summary>
    [Test]
    public async Task Saturation_CalibratedModel_PredictsTheFirstFailureWithin50Percent()
    {
        Namespaces.RequireOrIgnore();
        // saturation.json on half the default range (14,116 ports) for 30 s: each connect() then probes half
        // as many ports, so the range runs out in about a quarter of the time, with room for a slow machine.
        var json = File.ReadAllText(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "saturation.json"))
            .Replace("\"tcpTwReuse\": 0 }", "\"tcpTwReuse\": 0, \"ephemeralPortRange\": [32768, 46883] }", StringComparison.Ordinal)
            .Replace("\"during\": \"90s\"", "\"during\": \"30s\"", StringComparison.Ordinal);
        var scenario = ScenarioJson.Parse(json);
        Assert.That(scenario.Network.EphemeralPortRange?.Size, Is.EqualTo(14116), "the edit took");
        var runner = new IsolatedStrategyRunner(ChildCommand.For(typeof(PortLoad.Cli.Program).Assembly));

        var measured = (await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;
        Assert.That(measured.FirstFailureSeconds, Is.Not.Null, "the measured run must exhaust the range");
        Assert.That(measured.Calibration, Is.Not.Null, "failing connects must have been sampled");
        var calibrated = scenario with { Simulation = new SimulationOptions { PerProbeNanoseconds = measured.Calibration!.PerProbeNanoseconds } };
        var simulated = ScenarioSimulator.Predict(calibrated, scenario.Strategies[0], measured, TimeSpan.FromSeconds(1)).Result;

        TestContext.Out.WriteLine($"measured {measured.FirstFailureSeconds} s, simulated {simulated.FirstFailureSeconds} s at {measured.Calibration.PerProbeNanoseconds} ns/probe");
        Assert.That(simulated.FirstFailureSeconds, Is.EqualTo(measured.FirstFailureSeconds!.Value).Within(measured.FirstFailureSeconds.Value * 0.5));
    }

    private static TestCaseData Case(string name, int ports, int reuse, int rate, double seconds, string strategy, int sources = 1, string target = "", string network = "", string load = "", double timeout = 1, double tolerance = 0.05) =>
        new TestCaseData(ports, reuse, rate, seconds, strategy, sources, target, network, load, timeout, tolerance).SetName(name);
}
