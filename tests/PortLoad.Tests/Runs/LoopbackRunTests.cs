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

    private static async Task<StrategyResult> RunAsync(string protocol, string strategy)
    {
        var scenario = ScenarioJson.Parse($$"""
            { "name": "loopback", "target": { "server": "embedded", "protocol": "{{protocol}}" },
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
