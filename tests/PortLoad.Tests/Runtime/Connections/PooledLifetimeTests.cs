using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Connections;

/// <summary>connectionLifetime (PooledConnectionLifetime): a recycled pool opens poolSize / lifetime connections a second and stays far from exhaustion.</summary>
public class PooledLifetimeTests
{
    private const string Json = """
        { "name": "recycled", "target": { "server": "embedded", "protocol": "http" },
          "load": [ { "inject": { "rate": 100, "during": "2s" } } ],
          "strategies": [ { "name": "recycled", "connections": "pooled", "poolSize": 4, "connectionLifetime": "200ms" } ],
          "sampling": { "interval": "100ms" } }
        """;

    [Test]
    [Category(TestCategories.RealLoad)]
    public async Task Measured_RecycledPool_OpensNewConnections_WithoutFailures()
    {
        var scenario = ScenarioJson.Parse(Json);
        var runner = new StrategyRunner(TimeProvider.System, SocketCounters.Create(), TimeSpan.FromMilliseconds(100), maxInFlight: 1000);

        var result = (await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;

        Assert.That(result.Requests.Failed, Is.Zero);
        Assert.That(result.ConnectionsOpened, Is.InRange(8, 60), "4 connections, each replaced about every 200 ms over 2 s");
        Assert.That(result.TimeWait.Peak, Is.LessThan(100), "far from the 28,232 ports");
    }

    [Test]
    public void Simulated_RecycledPool_OpensPoolSizeOverLifetimePerSecond()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).Parse(Json, "recycled.json");

        var result = ScenarioSimulator.Run(scenario, TimeSpan.FromMilliseconds(100), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        Assert.That(result.Requests.Failed, Is.Zero);
        Assert.That(result.ConnectionsOpened, Is.InRange(30, 44), "4 + 4 x (2 s / 0.2 s)");
        Assert.That(result.TimeWait.Peak, Is.InRange(26, 40));
    }

    [TestCase("per-request", "http")]
    [TestCase("pooled", "tcp-echo")]
    public void Parse_LifetimeOutsideAnHttpPool_IsRefused(string connections, string protocol)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid
            .Replace("\"tcp-echo\"", $"\"{protocol}\"")
            .Replace("\"connections\": \"per-request\"", $"\"connections\": \"{connections}\", \"connectionLifetime\": \"2m\""));

        Assert.That(errors.Single().Path, Is.EqualTo("strategies[0].connectionLifetime"));
        Assert.That(errors.Single().Message, Does.StartWith("applies to pooled HTTP connections only"));
    }
}
