using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Server;

/// <summary>A server that thinks: with a response delay, concurrency holds ports, R x delay of them (Little's law), measured and modelled.</summary>
public class ResponseDelayTests
{
    private const string Json = """
        { "name": "thinks", "target": { "server": "embedded", "protocol": "tcp-echo", "responseDelay": "500ms" },
          "load": [ { "inject": { "rate": 100, "during": "2s" } } ],
          "request": { "timeout": "2s" },
          "strategies": [ { "name": "per-request", "connections": "per-request" } ],
          "sampling": { "interval": "100ms" } }
        """;

    [Test]
    [Category(TestCategories.RealLoad)]
    public async Task PerRequest_Delay_HoldsRateTimesDelayConnections()
    {
        var scenario = ScenarioJson.Parse(Json);
        var runner = new StrategyRunner(TimeProvider.System, SocketCounters.Create(), TimeSpan.FromMilliseconds(100), maxInFlight: 1000);

        var result = (await runner.RunAsync(scenario, scenario.Strategies[0], CancellationToken.None)).Result;

        Assert.That(result.Requests.Failed, Is.Zero);
        Assert.That(result.EstablishedPeak, Is.InRange(35, 65), "100/s x 0.5 s = 50 connections at once");
        Assert.That(result.LatencyMs.P50, Is.GreaterThanOrEqualTo(500));
    }

    [Test]
    public async Task Think_HoldsTheWholeDelay_NeverATickLess()
    {
        var delay = TimeSpan.FromMilliseconds(5);
        var options = new PortLoad.Server.TestServerOptions(false, 32, new SeededRandom(1), new ResponseDelay(delay));
        var random = new SeededRandom(2);

        var held = new List<TimeSpan>();
        for (var i = 0; i < 40; i++)
        {
            // Start each think at another point of the timer's coarse tick (the kernel's jiffy, up to 4 ms).
            var phase = TimeSpan.FromMilliseconds(random.NextDouble() * 4);
            var spin = System.Diagnostics.Stopwatch.GetTimestamp();
            while (System.Diagnostics.Stopwatch.GetElapsedTime(spin) < phase) { }

            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await options.ThinkAsync(CancellationToken.None);
            held.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start));
        }

        Assert.That(held.Min(), Is.GreaterThanOrEqualTo(delay), "a timer's coarse tick fires early; the server must still think the whole delay");
    }

    [Test]
    public void Simulator_Delay_PredictsTheSameConcurrency_AndAPoolThatQueues()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).Parse(Json.Replace(
            "\"strategies\": [ { \"name\": \"per-request\", \"connections\": \"per-request\" } ]",
            "\"strategies\": [ { \"name\": \"per-request\", \"connections\": \"per-request\" }, { \"name\": \"pooled\", \"connections\": \"pooled\", \"poolSize\": 8 } ]"), "thinks.json");

        var run = ScenarioSimulator.Run(scenario, TimeSpan.FromMilliseconds(100), DateTimeOffset.UnixEpoch);
        var s = run.Summary.Strategies.ToDictionary(x => x.Name);

        Assert.That(s["per-request"].EstablishedPeak, Is.InRange(45, 55));
        Assert.That(s["per-request"].LatencyMs.P50, Is.GreaterThanOrEqualTo(500));
        // 8 connections x 2 answers/s = 16/s against 100/s offered: the queue outgrows the 2 s timeout.
        Assert.That(s["pooled"].Failures[FailureKind.ETIMEDOUT], Is.GreaterThan(0));
    }

    [TestCase("\"responseDelay\": \"0s\"", "target.responseDelay", "must be longer than 0")]
    [TestCase("\"responseDelay\": \"2m\"", "target.responseDelay", "must be at most 60s")]
    [TestCase("\"responseDelay\": { \"mean\": \"1s\", \"distribution\": \"poisson\" }", "target.responseDelay.distribution", "allowed: fixed, exponential")]
    public void Parse_BadDelay_IsNamed(string delay, string path, string message)
    {
        var errors = ScenarioJson.Errors(ScenarioJson.Valid.Replace("\"protocol\": \"tcp-echo\"", $"\"protocol\": \"tcp-echo\", {delay}"));

        Assert.That(errors.Single().Path, Is.EqualTo(path));
        Assert.That(errors.Single().Message, Does.Contain(message));
    }

    [Test]
    public void Draw_Exponential_AveragesTheMean()
    {
        var delay = new ResponseDelay(TimeSpan.FromMilliseconds(200), DelayDistribution.Exponential);
        var random = new Random(7);

        var mean = Enumerable.Range(0, 20_000).Average(_ => delay.Draw(random).TotalMilliseconds);

        Assert.That(mean, Is.EqualTo(200).Within(5));
    }
}
