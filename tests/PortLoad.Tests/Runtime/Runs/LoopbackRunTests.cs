using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Runs;

/// <summary>
/// Real runs against the embedded servers on 127.0.0.1: real sockets, real kernel state. Each is
/// bounded to a second and a half of load at 200 requests/s.
/// </summary>
[Category(TestCategories.RealLoad)]
public class LoopbackRunTests
{
    private const int Requests = 300;

    [TestCase("tcp-echo")]
    [TestCase("http")]
    public async Task PerRequest_ClientCloses_LeavesATimeWaitSocketPerRequest(string protocol)
    {
        var result = await RunAsync(protocol, """{ "name": "s", "connections": "per-request", "closeBy": "client" }""");

        Assert.Multiple(() =>
        {
            Assert.That(result.Requests, Is.EqualTo(new RequestCounts(Requests, Requests, 0)));
            Assert.That(result.ConnectionsOpened, Is.EqualTo(Requests));
            Assert.That(result.TimeWait.Final, Is.InRange(Requests * 9 / 10, Requests));
            Assert.That(result.Throughput.AchievedPerSecond, Is.EqualTo(200).Within(2));
            Assert.That(result.LatencyMs.P50, Is.GreaterThan(0));
        });
    }

    [TestCase("tcp-echo")]
    [TestCase("http")]
    public async Task Pooled_SendsEverythingOverThePool_AndLeavesNoTimeWait(string protocol)
    {
        var result = await RunAsync(protocol, """{ "name": "s", "connections": "pooled", "poolSize": 4 }""");

        Assert.Multiple(() =>
        {
            Assert.That(result.Requests, Is.EqualTo(new RequestCounts(Requests, Requests, 0)));
            Assert.That(result.ConnectionsOpened, Is.InRange(1, 4));
            Assert.That(result.TimeWait.Peak, Is.Zero);
            Assert.That(result.EstablishedPeak, Is.InRange(1, 4));
        });
    }

    [TestCase("tcp-echo")]
    [TestCase("http")]
    public async Task PerRequest_ServerCloses_LeavesNoClientTimeWait(string protocol)
    {
        var result = await RunAsync(protocol, """{ "name": "s", "connections": "per-request", "closeBy": "server" }""");

        Assert.That(result.Requests, Is.EqualTo(new RequestCounts(Requests, Requests, 0)));
        Assert.That(result.ConnectionsOpened, Is.EqualTo(Requests));
        Assert.That(result.TimeWait.Peak, Is.Zero);
    }

    [Test]
    public async Task PerRequest_Reset_LeavesNoTimeWait()
    {
        var result = await RunAsync("tcp-echo", """{ "name": "s", "connections": "per-request", "closeBy": "reset" }""");

        Assert.That(result.Requests, Is.EqualTo(new RequestCounts(Requests, Requests, 0)));
        Assert.That(result.TimeWait.Peak, Is.Zero);
    }

    [Test]
    public async Task Run_TargetWithNoListener_CountsECONNREFUSED()
    {
        var port = Loopback.UnusedEndPoint().Port;
        var scenario = ScenarioJson.Parse($$"""
            { "name": "refused", "target": { "host": "127.0.0.1", "port": {{port}}, "protocol": "tcp-echo" },
              "load": [ { "inject": { "rate": 100, "during": "500ms" } } ],
              "strategies": [ { "name": "s", "connections": "per-request" } ] }
            """);

        var run = await Runner().RunAsync(scenario, scenario.Strategies[0], CancellationToken.None);

        Assert.That(run.Result.Failures[FailureKind.ECONNREFUSED], Is.EqualTo(50));
        Assert.That(run.Result.Requests.Succeeded, Is.Zero);
        Assert.That(run.Result.FirstFailureKind, Is.EqualTo(FailureKind.ECONNREFUSED));
        Assert.That(run.Rows.Sum(r => r.Failures[FailureKind.ECONNREFUSED]), Is.EqualTo(50));
    }

    [Test]
    public async Task PerRequest_WarmsUpAgainstAnotherPort_LeavingNoTimeWaitWhereItIsMeasured()
    {
        var result = await RunAsync("tcp-echo", """{ "name": "s", "connections": "per-request", "closeBy": "client" }""", """, "warmUp": { "during": "500ms", "rate": 100 }""");

        Assert.Multiple(() =>
        {
            Assert.That(result.WarmUp, Is.EqualTo(new WarmUpFigures(50, 0, SameDestination: false)));
            Assert.That(result.Requests.Attempted, Is.EqualTo(Requests), "warm-up requests are not recorded");
            Assert.That(result.ConnectionsOpened, Is.EqualTo(Requests));
            Assert.That(result.TimeWait.Peak, Is.InRange(Requests * 9 / 10, Requests));
            Assert.That(result.TimeWait.Others, Is.Zero);
        });
    }

    // The warm-up's target once kept the measured ports in its list of destinations, and every warm-up request went
    // there: behind a NAT its mappings held ports into the run (2 s answers, 128 ports: the first failure 0.3 s early).
    [Test]
    public async Task PerRequest_WarmUp_NeverReachesTheMeasuredServer()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "warm-hold", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "warmUp": { "during": "500ms", "rate": 100 },
              "load": [ { "hold": { "connections": 20, "openRate": 100, "during": "500ms" } } ],
              "strategies": [ { "name": "held", "connections": "per-request" } ] }
            """);

        var result = (await Runner().RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;

        Assert.That(result.WarmUp, Is.EqualTo(new WarmUpFigures(50, 0, SameDestination: false)));
        Assert.That(result.Held!.Server!.Accepted, Is.EqualTo(20), "the measured server accepted the held connections alone, none of the warm-up's 50");
    }

    [Test]
    public async Task Pooled_WarmsUpItsOwnPool()
    {
        var result = await RunAsync("http", """{ "name": "s", "connections": "pooled", "poolSize": 4 }""", """, "warmUp": { "during": "500ms", "rate": 100 }""");

        Assert.That(result.WarmUp, Is.EqualTo(new WarmUpFigures(50, 0, SameDestination: true)));
        Assert.That(result.Requests.Attempted, Is.EqualTo(Requests));
        Assert.That(result.ConnectionsOpened, Is.InRange(1, 4), "the warm-up's connections are the pool's");
    }

    [Test]
    public async Task WarmUpNull_SendsNothingFirst()
    {
        var result = await RunAsync("tcp-echo", """{ "name": "s", "connections": "pooled" }""", """, "warmUp": null""");

        Assert.That(result.WarmUp, Is.Null);
    }

    [Test]
    public async Task PerRequest_AgainstAHostTarget_WarmsUpThere_LeavingNoTimeWait()
    {
        await using var server = await PortLoad.Server.TestServers.StartAsync(PortLoad.Scenarios.TargetProtocol.TcpEcho, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), new PortLoad.Server.TestServerOptions(false, 32, new SeededRandom(1)));
        var scenario = ScenarioJson.Parse($$"""
            { "name": "host", "target": { "host": "127.0.0.1", "port": {{server.EndPoint.Port}}, "protocol": "tcp-echo" },
              "load": [ { "inject": { "rate": 100, "during": "500ms" } } ], "request": { "payloadBytes": 32 },
              "warmUp": { "during": "500ms", "rate": 60 },
              "strategies": [ { "name": "s", "connections": "per-request", "closeBy": "client" } ] }
            """);

        var result = (await Runner().RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;

        Assert.That(result.WarmUp, Is.EqualTo(new WarmUpFigures(30, 0, SameDestination: true)));
        Assert.That(result.TimeWait.Peak, Is.EqualTo(50), "its own, and only its own");
        Assert.That(result.TimeWait.Others, Is.Zero, "the warm-up closed with RST");
    }

    // What follows a run starts before its clock: a child's first report to its parent took 40-60 ms the first time,
    // and every strategy's first interval showed it as latency (#23).
    [Test]
    public async Task Started_ASlowFollower_DoesNotDelayTheFirstRequests()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "slow-follower", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "load": [ { "inject": { "rate": 200, "during": "1s" } } ], "request": { "payloadBytes": 32 },
              "strategies": [ { "name": "s", "connections": "pooled", "poolSize": 4 } ], "sampling": { "interval": "100ms" } }
            """);
        var runner = Runner();
        runner.Started += (_, _) => Thread.Sleep(300);

        var run = await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None);

        Assert.That(run.Rows.First(r => r.Succeeded > 0).P99Ms, Is.LessThan(150), "the follower's 300 ms would be the first requests' wait");
    }

    private static async Task<StrategyResult> RunAsync(string protocol, string strategy, string more = "")
    {
        var scenario = ScenarioJson.Parse($$"""
            { "name": "loopback", "target": { "server": "embedded", "protocol": "{{protocol}}" }{{more}},
              "load": [ { "inject": { "rate": 200, "during": "1.5s" } } ],
              "request": { "payloadBytes": 32, "timeout": "2s" },
              "strategies": [ {{strategy}} ],
              "sampling": { "interval": "100ms" } }
            """);

        var run = await Runner().RunAsync(scenario, scenario.Strategies[0], CancellationToken.None);

        Assert.That(run.Rows.Sum(r => r.Attempted), Is.EqualTo(run.Result.Requests.Attempted), "time series and summary disagree");
        return run.Result;
    }

    private static StrategyRunner Runner() =>
        new(TimeProvider.System, new ProcNetTcpCounter(), TimeSpan.FromMilliseconds(100), maxInFlight: 1000);
}
