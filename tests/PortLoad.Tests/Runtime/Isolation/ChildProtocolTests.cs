using PortLoad.Isolation;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Isolation;

public class ChildProtocolTests
{
    [Test]
    public void ChildRequest_EditedScenario_ReachesTheChildWhole()
    {
        var parsed = ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"name\": \"t\",", """
            "name": "t", "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40999], "tcpTwReuse": 0 },
            "clients": { "sourceAddresses": ["127.0.0.1", "127.0.0.2"] }, "warmUp": { "during": "2s", "rate": 25 },
            """).Replace("\"connections\": \"per-request\"", """
            "connections": "per-request", "closeBy": "server", "tcpTwReuse": 1,
            "resilience": { "retry": { "maxAttempts": 3, "backoff": "linear", "on": ["ETIMEDOUT"] }, "circuitBreaker": { "failureRatio": 0.5 } }
            """));
        // What a sweep does: the child must run the edited load, not the file's.
        LoadPhase[] load = [new InjectPhase(250, TimeSpan.FromSeconds(6)), new PausePhase(TimeSpan.FromMilliseconds(500)), new KeepConstantPhase(3, TimeSpan.FromSeconds(1)), new RampInjectPhase(1, 2, TimeSpan.FromMinutes(2))];
        var scenario = parsed.WithLoad(load);

        var received = ChildProtocol.Read<ChildRequest>(ChildProtocol.Write(new ChildRequest(scenario, "per-request", "net:[1]", "/tmp/r.json"))).Scenario;

        var sent = scenario.Strategies[0];
        var got = received.Strategies[0];
        Assert.Multiple(() =>
        {
            Assert.That(received.Load, Is.EqualTo(load));
            Assert.That(received.Network, Is.EqualTo(scenario.Network));
            Assert.That(received.WarmUp, Is.EqualTo(new WarmUpOptions(TimeSpan.FromSeconds(2), 25)));
            Assert.That(received.SourceAddresses, Is.EqualTo(scenario.SourceAddresses));
            Assert.That(received.Target, Is.EqualTo(scenario.Target));
            Assert.That(received.Request with { Headers = scenario.Request.Headers }, Is.EqualTo(scenario.Request));
            Assert.That(received.Request.Headers, Is.EqualTo(scenario.Request.Headers));
            Assert.That(got with { Resilience = null }, Is.EqualTo(sent with { Resilience = null }));
            Assert.That(got.Resilience!.Retry! with { On = sent.Resilience!.Retry!.On }, Is.EqualTo(sent.Resilience.Retry));
            Assert.That(got.Resilience.Retry!.On, Is.EquivalentTo(new[] { FailureKind.ETIMEDOUT }));
            Assert.That(got.Resilience.CircuitBreaker, Is.EqualTo(sent.Resilience.CircuitBreaker));
            Assert.That(() => received.Validated(new ScenarioLimits()), Throws.Nothing);
        });
    }

    [Test]
    public void StrategyRun_ComesBackWithItsLatencyDistributionAndAttribution()
    {
        var sample = SampleRuns.Create();
        var result = sample.Summary.Strategies[0] with { WarmUp = new global::PortLoad.Results.WarmUpFigures(50, 1, SameDestination: true) };
        var sent = new global::PortLoad.Results.StrategyRun(result, sample.Rows) { LatencyHgrm = "       Value     Percentile TotalCount 1/(1-Percentile)\n" };

        var received = ChildProtocol.Read<global::PortLoad.Results.StrategyRun>(ChildProtocol.Write(sent));

        Assert.That(received.LatencyHgrm, Is.EqualTo(sent.LatencyHgrm));
        Assert.That(received.Result.WarmUp, Is.EqualTo(result.WarmUp));
        Assert.That(received.Result.TimeWait, Is.EqualTo(result.TimeWait));
        Assert.That(received.Rows.Select(r => r.TimeWaitOthers), Is.EqualTo(sample.Rows.Select(r => r.TimeWaitOthers)));
    }
}
