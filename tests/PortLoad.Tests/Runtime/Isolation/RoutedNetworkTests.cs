using PortLoad.Cli;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Isolation;

/// <summary>
/// A real Linux NAT (nftables, conntrack) in a router namespace between client namespaces and the server's, measured
/// and set beside the model: timeouts, not EADDRNOTAVAIL, at its limit; churn passes; the bounded port search.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class RoutedNetworkTests
{
    [Test]
    public async Task NatInstances_HeldBeyondThePortsTimeOut_ChurnPasses_AsPredicted()
    {
        var (run, result) = await RunAsync(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "nat-instances.json"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Segments!.Select(s => s.Segment), Is.EqualTo(new[] { "instance 1 of 4", "instance 2 of 4", "instance 3 of 4", "instance 4 of 4" }));
            Assert.That(result.Requests.Attempted, Is.EqualTo(600));
            // Through a router a busy machine can lose one in hundreds (seen once in CI: 1 of 600); churn never fills the NAT.
            Assert.That(run.Rows.Where(r => r.T <= 4).Sum(r => r.Failed), Is.LessThanOrEqualTo(2), "400 short connections through 128 NAT ports");
            Assert.That(result.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(72).Within(7), "200 held through 128 ports");
            Assert.That(result.Failures[FailureKind.EADDRNOTAVAIL], Is.Zero, "a NAT's exhaustion is a timeout at the client");
            Assert.That(result.Held!.Server!.PeakOpen, Is.EqualTo(128), "the server saw at most the NAT's ports");
            Assert.That(result.Held.Server.SourceAddresses, Is.EqualTo(1), "every client behind one NAT address");
            Assert.That(result.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(result.Predicted!.Failures[FailureKind.ETIMEDOUT]).Within(7), "the model within 10%");
        });
    }

    [Test]
    public async Task BigNat_BoundedSearch_DropsAFewFlowsWithPortsFree_AsPredicted()
    {
        var (_, result) = await RunJsonAsync("""
            { "name": "big-nat", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 49999], "tcpTwReuse": 0, "nat": { "ports": 1024 } },
              "warmUp": null,
              "load": [ { "hold": { "connections": 1024, "openRate": 500, "during": "2s" } } ],
              "strategies": [ { "name": "held", "connections": "per-request" } ] }
            """);

        // Kernel 6.18: 1,018-1,019 of 1,024 in three runs; the model (same search, SYN retransmits) about 1,020.
        Assert.That(result.Held!.PeakHeld, Is.InRange(990, 1023), "some flows dropped although ports were free");
        Assert.That(result.Held.PeakHeld, Is.EqualTo(result.Predicted!.Held!.PeakHeld).Within(1024 / 100), "the model within 1%");
    }

    // The warm-up's 50 requests, closed with RST, stay in the router's conntrack for 10 s (CLOSE): to the measured port
    // they took its NAT ports into the run. To another port they are other tuples and take none.
    [Test]
    public async Task Nat_PerRequestWarmUp_GoesToAnotherPort_TakingNoneOfTheMeasuredPorts()
    {
        var (_, result) = await RunJsonAsync("""
            { "name": "nat-warm-up", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 49999], "tcpTwReuse": 0, "nat": { "ports": 64 } },
              "warmUp": { "during": "500ms", "rate": 100 },
              "load": [ { "hold": { "connections": 64, "openRate": 200, "during": "1s" } } ],
              "strategies": [ { "name": "held", "connections": "per-request" } ] }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(result.WarmUp, Is.EqualTo(new WarmUpFigures(50, 0, SameDestination: false)));
            Assert.That(result.Held!.Server!.Accepted, Is.EqualTo(64), "the measured server accepted the held connections alone");
            Assert.That(result.Held.PeakHeld, Is.EqualTo(64), "every NAT port free for them");
        });
    }

    /// <summary><see cref="RunAsync"/> on a scenario file of <paramref name="json"/>, written for the run and deleted after.</summary>
    private static async Task<(ScenarioRun Run, StrategyResult Result)> RunJsonAsync(string json)
    {
        var file = Path.Combine(Path.GetTempPath(), $"portload-nat-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            return await RunAsync(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(ScenarioRun Run, StrategyResult Result)> RunAsync(string scenario)
    {
        Namespaces.RequireOrIgnore();
        if (Environment.UserName != "root" || !File.Exists("/usr/sbin/nft"))
        {
            Assert.Ignore("needs root and nftables (/usr/sbin/nft): a router namespace with source NAT between client namespaces and the server's");
        }

        var output = Path.Combine(Path.GetTempPath(), "portload-routed-" + Guid.NewGuid().ToString("N"));
        try
        {
            var code = await Program.Main(["run", scenario, "--out", output, "--no-live"]);
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), "failed requests are results, not a failed run");
            var run = ResultsFolder.Read(output);
            return (run, run.Summary.Strategies[0]);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
