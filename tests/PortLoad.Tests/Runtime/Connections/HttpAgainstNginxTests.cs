using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Connections;

/// <summary>PortLoad's HTTP senders against a real web server: its answers count as they should, and nothing is OTHER.</summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class HttpAgainstNginxTests
{
    private Nginx? _nginx;

    [OneTimeSetUp]
    public async Task StartNginx() => _nginx = await Nginx.StartAsync();

    [OneTimeTearDown]
    public void StopNginx() => _nginx?.Dispose();

    // Regression: every request to a real server failed as OTHER (PortLoad POSTed a payload and wanted it echoed).
    [TestCase("per-request")]
    [TestCase("pooled")]
    public async Task Get_RealServer_Succeeds(string connections)
    {
        var result = await RunAsync("/ok", connections, "");

        Assert.That(result.Requests, Is.EqualTo(new RequestCounts(100, 100, 0)));
        Assert.That(result.Failures.Values.Sum(), Is.Zero);
    }

    [TestCase("/busy", FailureKind.HTTP_503)]
    [TestCase("/limited", FailureKind.HTTP_429)]
    [TestCase("/missing", FailureKind.HTTP_4xx)]
    public async Task ErrorStatus_CountsByItsClass_NeverOther(string path, FailureKind expected)
    {
        var result = await RunAsync(path, "pooled", "");

        Assert.That(result.Failures[expected], Is.EqualTo(100));
        Assert.That(result.Failures[FailureKind.OTHER], Is.Zero);
    }

    [TestCase("yes", 0)]
    [TestCase("no", 100)]
    public async Task MethodAndHeaders_ReachTheServer(string header, int failed)
    {
        var result = await RunAsync("/put-only", "per-request", $$""", "request": { "method": "PUT", "headers": { "X-PortLoad": "{{header}}" }, "expect": [204] }""");

        Assert.That(result.Requests.Failed, Is.EqualTo(failed));
        Assert.That(result.Failures[FailureKind.HTTP_4xx], Is.EqualTo(failed), "nginx answers 400 to a wrong header");
    }

    [Test]
    public async Task Expect_OnlyTheListedStatus_OthersAreUnexpected()
    {
        var result = await RunAsync("/ok", "pooled", """, "request": { "expect": [204] }""");

        Assert.That(result.Failures[FailureKind.HTTP_UNEXPECTED], Is.EqualTo(100), "200 where only 204 counts");
    }

    // Regression: run one after another against the same server, pooled reported per-request's TIME_WAIT as its own.
    [Test]
    public async Task OneAfterAnother_EachStrategyCountsOnlyItsOwnTimeWait()
    {
        var perRequest = await RunAsync("/ok", "per-request", "");
        var pooled = await RunAsync("/ok", "pooled", "");

        Assert.Multiple(() =>
        {
            Assert.That(perRequest.TimeWait.Peak, Is.EqualTo(100), "each request's own connection, closed by the client");
            Assert.That(pooled.TimeWait.Peak, Is.Zero, "the pool closes nothing while it runs");
            Assert.That(pooled.TimeWait.Others, Is.GreaterThanOrEqualTo(100), "per-request's TIME_WAIT, counted apart");
            Assert.That(pooled.EstablishedPeak, Is.InRange(1, 8), "its pool, nothing else");
        });
    }

    private async Task<StrategyResult> RunAsync(string path, string connections, string request)
    {
        var scenario = ScenarioJson.Parse($$"""
            { "name": "nginx", "target": { "host": "127.0.0.1", "port": {{_nginx!.Port}}, "protocol": "http", "path": "{{path}}" },
              "load": [ { "inject": { "rate": 100, "during": "1s" } } ]{{request}},
              "strategies": [ { "name": "s", "connections": "{{connections}}" } ] }
            """);
        var runner = new StrategyRunner(TimeProvider.System, SocketCounters.Create(), TimeSpan.FromMilliseconds(100), maxInFlight: 1000);
        return (await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;
    }
}
