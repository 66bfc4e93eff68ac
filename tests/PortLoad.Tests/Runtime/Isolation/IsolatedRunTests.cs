using PortLoad.HostInfo;
using PortLoad.Isolation;
using PortLoad.Results;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Isolation;

/// <summary>
/// Real exhaustion in namespaces the tests create: a 100-port range with tcp_tw_reuse off. Each
/// run is a child PortLoad process under unshare, bounded to two seconds of load on loopback.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class IsolatedRunTests
{
    private const int RangeSize = 100;
    private string _hostRange = "";
    private string _hostReuse = "";

    [SetUp]
    public void RecordHostSettings()
    {
        Namespaces.RequireOrIgnore();
        _hostRange = Namespaces.HostSetting("ip_local_port_range");
        _hostReuse = Namespaces.HostSetting("tcp_tw_reuse");
    }

    [TearDown]
    public void HostSettingsAreUnchanged()
    {
        Assert.That(Namespaces.HostSetting("ip_local_port_range"), Is.EqualTo(_hostRange), "host ip_local_port_range changed");
        Assert.That(Namespaces.HostSetting("tcp_tw_reuse"), Is.EqualTo(_hostReuse), "host tcp_tw_reuse changed");
    }

    [Test]
    public async Task PerRequest_NarrowRangeNoReuse_FailsWithEADDRNOTAVAIL_AtRangeOverRate()
    {
        var result = await RunAsync(rate: 100, seconds: 2, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""");

        var expected = RangeSize / 100.0;
        Assert.Multiple(() =>
        {
            Assert.That(result.FirstFailureKind, Is.EqualTo(FailureKind.EADDRNOTAVAIL));
            Assert.That(result.FirstFailureSeconds, Is.EqualTo(expected).Within(expected * 0.15));
            Assert.That(result.Requests.Succeeded, Is.InRange(RangeSize - 3, RangeSize + 3));
            Assert.That(result.Failures[FailureKind.EADDRNOTAVAIL], Is.EqualTo(result.Requests.Attempted - result.Requests.Succeeded));
            Assert.That(result.TimeWait.Peak, Is.InRange(RangeSize - 3, RangeSize));
            Assert.That(result.Host.Namespace, Is.EqualTo(NamespaceKind.Isolated));
            Assert.That(result.Host.EphemeralPortRange, Is.EqualTo(new global::PortLoad.PortRange(40000, 40000 + RangeSize - 1)));
            Assert.That(result.Host.TcpTwReuse, Is.Zero);
            Assert.That(result.PortSpace, Is.EqualTo(RangeSize));
        });
    }

    [Test]
    public async Task TwoSourceAddresses_DoubleTheConnectionsBeforeFailure()
    {
        const string strategy = """{ "name": "s", "connections": "per-request", "closeBy": "client" }""";

        var one = await RunAsync(rate: 200, seconds: 1.5, strategy);
        var two = await RunAsync(rate: 200, seconds: 1.5, strategy, """, "clients": { "sourceAddresses": ["127.0.0.1", "127.0.0.2"] }""");

        Assert.That(one.Failures[FailureKind.EADDRNOTAVAIL], Is.GreaterThan(0), "one address should exhaust");
        Assert.That(two.Failures[FailureKind.EADDRNOTAVAIL], Is.GreaterThan(0), "two addresses should exhaust too, later");
        Assert.That((double)two.Requests.Succeeded / one.Requests.Succeeded, Is.EqualTo(2.0).Within(0.15));
        Assert.That(two.PortSpace, Is.EqualTo(2 * RangeSize));
        Assert.That(two.FirstFailureSeconds, Is.GreaterThan(one.FirstFailureSeconds!.Value * 1.7));
    }

    [Test]
    public async Task ServerClosesFirst_NeverExhaustsTheClient()
    {
        var result = await RunAsync(rate: 200, seconds: 1.5, """{ "name": "s", "connections": "per-request", "closeBy": "server" }""");

        Assert.That(result.Requests.Failed, Is.Zero);
        Assert.That(result.Requests.Succeeded, Is.EqualTo(300));
        Assert.That(result.TimeWait.Peak, Is.Zero);
    }

    [Test]
    public async Task Pooled_NeverExhausts()
    {
        var result = await RunAsync(rate: 200, seconds: 1.5, """{ "name": "s", "connections": "pooled", "poolSize": 4 }""");

        Assert.That(result.Requests.Failed, Is.Zero);
        Assert.That(result.ConnectionsOpened, Is.InRange(1, 4));
    }

    /// <summary>The shipped scenario end to end through the command line: 3 strategies x 15 s in namespaces of their own.</summary>
    [Test]
    public async Task ExhaustionScenario_PerRequestExhausts_OthersNever_HostUntouched()
    {
        var output = Path.Combine(Path.GetTempPath(), "portload-exhaustion-" + Guid.NewGuid().ToString("N"));

        var code = await PortLoad.Cli.Program.Main(["run", Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "exhaustion.json"), "--out", output, "--no-live"]);

        Assert.That(code, Is.EqualTo(PortLoad.Cli.ExitCodes.Ok));
        var summary = SummaryJsonExporter.Read(Path.Combine(output, "summary.json"));
        Directory.Delete(output, recursive: true);
        var byName = summary.Strategies.ToDictionary(s => s.Name);
        var perRequest = byName["per-request"];
        Assert.Multiple(() =>
        {
            Assert.That(perRequest.FirstFailureKind, Is.EqualTo(FailureKind.EADDRNOTAVAIL));
            Assert.That(perRequest.FirstFailureSeconds, Is.EqualTo(1000 / 200.0).Within(0.75));
            Assert.That(perRequest.TimeWait.Peak, Is.InRange(980, 1000), "TIME_WAIT plateaus at the range size");
            Assert.That(perRequest.Host, Is.EqualTo(perRequest.Host with { Namespace = NamespaceKind.Isolated, TcpTwReuse = 0 }));
            Assert.That(perRequest.Predicted!.FirstFailureSeconds, Is.EqualTo(5.0).Within(0.05));
            Assert.That(byName["pooled"].Requests.Failed, Is.Zero);
            Assert.That(byName["server-closes"].Requests.Failed, Is.Zero);
        });
    }

    private static async Task<StrategyResult> RunAsync(double rate, double seconds, string strategy, string extra = "")
    {
        var scenario = ScenarioJson.Parse($$"""
            { "name": "isolated", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "ephemeralPortRange": [40000, {{40000 + RangeSize - 1}}], "tcpTwReuse": 0 },
              "load": [ { "inject": { "rate": {{rate}}, "during": "{{seconds}}s" } } ],
              "request": { "payloadBytes": 16, "timeout": "1s" },
              "strategies": [ {{strategy}} ],
              "sampling": { "interval": "100ms" } {{extra}} }
            """);
        var runner = new IsolatedStrategyRunner(ChildCommand.For(typeof(PortLoad.Cli.Program).Assembly));

        var run = await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None);

        Assert.That(run.Result.Completed, Is.True);
        return run.Result;
    }
}
