using System.Text.Json.Nodes;
using PortLoad.Cli;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Workshop;

/// <summary>
/// Every workshop scenario, run as the presenter runs it, does what its description promises.
/// 01-05 and 07-09 run for real in namespaces of their own (about two minutes in all); 06 is simulated.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class WorkshopScenarioTests
{
    [Test]
    public async Task Scenario01_PerRequestExhaustsAt5s_PoolNeverFails()
    {
        var s = await RunAsync("01-pooling-vs-per-request.json");

        Exhausts(s["per-request"], at: 5.0, portSpace: 500);
        Assert.That(s["pooled"].Requests.Failed, Is.Zero);
        Assert.That(s["pooled"].ConnectionsOpened, Is.LessThanOrEqualTo(8));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Scenario02_WhoClosesFirstHoldsTimeWait_OneAfterAnotherOrAtOnce(bool parallel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var s = await RunAsync("02-who-closes-first.json", parallel: parallel);

        // At workshop rates the strategies barely load two cores: at once, they measure what they measure one by one.
        Exhausts(s["client-closes"], at: 5.0, portSpace: 500);
        Assert.That(s["server-closes"].Requests.Failed + s["reset"].Requests.Failed, Is.Zero);
        Assert.That(s["server-closes"].TimeWait.Peak + s["reset"].TimeWait.Peak, Is.Zero);
        Assert.That(s.Values.Select(r => r.Requests.Attempted), Is.All.EqualTo(800));
        if (parallel)
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8 * 2)), "three 8 s strategies at once take one load duration, not three");
        }
    }

    [Test]
    public async Task Scenario03_LoopbackReusePasses_ProductionFails()
    {
        var s = await RunAsync("03-tw-reuse-loopback.json");

        Assert.That(s["loopback-test"].Requests.Failed, Is.Zero);
        Assert.That(s["loopback-test"].Host.TcpTwReuse, Is.EqualTo(2));
        Assert.That(s["loopback-test"].TimeWait.Peak, Is.InRange(200, 300), "about half the 500 ports");
        Assert.That(s["production"].Host.TcpTwReuse, Is.Zero);
        Exhausts(s["production"], at: 5.0, portSpace: 500);
    }

    [Test]
    public async Task Scenario04_TwoSourceAddressesDoubleThePortSpace()
    {
        var s = await RunAsync("04-source-addresses.json");

        Exhausts(s["two-addresses"], at: 5.0, portSpace: 500);
        Assert.That(s["two-addresses"].SourceAddresses, Is.EqualTo(2));
    }

    [Test]
    public async Task Scenario05_NewHttpClientPerRequestExhausts_SharedClientDoesNot()
    {
        var s = await RunAsync("05-httpclient-per-request.json");

        Exhausts(s["new-httpclient-per-request"], at: 5.0, portSpace: 500);
        Assert.That(s["shared-httpclient"].Requests.Failed, Is.Zero);
        Assert.That(s["shared-httpclient"].ConnectionsOpened, Is.LessThanOrEqualTo(8));
    }

    // scenarios/eaddrinuse.json: connect() runs out as EADDRNOTAVAIL, bind() as EADDRINUSE, and tcp_tw_reuse rescues only connect().
    [TestCase(false)]
    [TestCase(true)]
    public async Task EaddrinuseScenario_BothFacesOfRunningOutOfPorts(bool simulate)
    {
        var s = await RunAsync(Path.Combine("..", "eaddrinuse.json"), simulate);

        Assert.Multiple(() =>
        {
            Assert.That((s["connect"].FirstFailureKind, s["bind"].FirstFailureKind, s["bind-tw-reuse"].FirstFailureKind), Is.EqualTo((FailureKind.EADDRNOTAVAIL, FailureKind.EADDRINUSE, FailureKind.EADDRINUSE)));
            Assert.That(s["connect-tw-reuse"].Requests.Failed, Is.Zero, "tcp_tw_reuse = 2 lets connect() take over TIME_WAIT on loopback");
            foreach (var name in new[] { "connect", "bind", "bind-tw-reuse" })
            {
                Assert.That(s[name].FirstFailureSeconds, Is.EqualTo(2.5).Within(0.25), name + ": 500 ports at 200/s");
                Assert.That(s[name].Requests.Succeeded, Is.InRange(490, 500), name);
            }
        });
    }

    [Test]
    public async Task Scenario06_CloudNatRunsDryAfter64s_PoolIsFine()
    {
        var s = await RunAsync("06-cloud-nat.json", simulate: true);

        var perRequest = s["per-request"];
        Assert.That(perRequest.Analysis!.FirstFailureSeconds, Is.EqualTo(64));
        Assert.That(perRequest.FirstFailureKind, Is.EqualTo(FailureKind.ETIMEDOUT));
        Assert.That(perRequest.Analysis.SustainablePerSecond, Is.EqualTo(128 / 240.0));
        Assert.That(s["pooled"].Requests.Failed, Is.Zero);
    }

    [Test]
    public async Task Scenario07_OneServerPortHoldsEveryAddresssRange()
    {
        var s = await RunAsync("07-the-65535-myth.json");

        var held = s["three-addresses"].Held!;
        Assert.That(held.PeakHeld, Is.EqualTo(6_000), "three addresses x 2,000 ports, all at once");
        Assert.That(held.Server!.PeakOpen, Is.EqualTo(6_000));
        Assert.That(held.Server.DistinctClients, Is.EqualTo(6_000));
        Assert.That(held.Server.SourceAddresses, Is.EqualTo(3));
        Assert.That(held.PerAddressCeiling, Is.EqualTo(2_000));
        Assert.That(s["three-addresses"].Failures[FailureKind.EADDRNOTAVAIL], Is.EqualTo(500), "the rest meet every address's ceiling");
    }

    [Test]
    public async Task Scenario08_TwoServerPorts_ConnectHasTwiceTheRoom_BindFailsWithEaddrinuse()
    {
        var s = await RunAsync("08-bind-vs-connect.json");

        // Two server ports: connect() has a range for each, bind() one range for both.
        Exhausts(s["connect-picks"], at: 5.0, portSpace: 1000);
        Assert.That(s["bind-picks"].FirstFailureKind, Is.EqualTo(FailureKind.EADDRINUSE));
        Assert.That(s["bind-picks"].FirstFailureSeconds, Is.EqualTo(2.5).Within(0.4));
        Assert.That(s["bind-picks"].PortSpace, Is.EqualTo(500));
        Assert.That(s["bind-picks"].Failures[FailureKind.EADDRNOTAVAIL], Is.Zero);
    }

    [Test]
    public async Task Scenario09_BehindANat_ChurnPasses_HeldConnectionsTimeOut()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/sbin/nft"))
        {
            Assert.Ignore("needs root and nftables: a router namespace with source NAT");
        }

        var s = await RunAsync("09-behind-a-nat.json");

        var r = s["per-request"];
        Assert.That(r.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(100 - 64).Within(4), "100 held, 64 NAT ports");
        Assert.That(r.Failures[FailureKind.EADDRNOTAVAIL], Is.Zero);
        Assert.That(r.Requests.Attempted, Is.EqualTo(250));
    }

    private static void Exhausts(StrategyResult result, double at, long portSpace)
    {
        Assert.That(result.FirstFailureKind, Is.EqualTo(FailureKind.EADDRNOTAVAIL), result.Name);
        Assert.That(result.FirstFailureSeconds, Is.EqualTo(at).Within(at * 0.15), result.Name);
        Assert.That(result.PortSpace, Is.EqualTo(portSpace), result.Name);
        Assert.That(result.TimeWait.Peak, Is.InRange(portSpace * 0.97, portSpace), result.Name);
    }

    /// <param name="parallel">Null: as the file says; false: one strategy after another whatever it says.</param>
    private static async Task<Dictionary<string, StrategyResult>> RunAsync(string file, bool simulate = false, bool? parallel = null)
    {
        if (!simulate)
        {
            Namespaces.RequireOrIgnore();
        }

        var output = Path.Combine(Path.GetTempPath(), "portload-workshop-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "workshop", file);
        if (parallel == false)
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            json["parallel"] = false;
            path = Path.Combine(Path.GetTempPath(), "portload-workshop-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, json.ToJsonString());
        }

        var code = await Program.Main(simulate ? ["simulate", path, "--out", output] : ["run", path, "--out", output, "--no-live", .. parallel == true ? ["--parallel"] : Array.Empty<string>()]);
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        var summary = SummaryJsonExporter.Read(Path.Combine(output, "summary.json"));
        Directory.Delete(output, recursive: true);
        if (parallel == false)
        {
            File.Delete(path);
        }

        return summary.Strategies.ToDictionary(s => s.Name);
    }
}
