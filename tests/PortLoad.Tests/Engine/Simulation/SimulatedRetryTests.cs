using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

public class SimulatedRetryTests
{
    [Test]
    public void RetryStorm_RetriesMultiplyAttemptsButRescueNothing()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "retry-storm.json"));

        var run = ScenarioSimulator.Run(scenario, TimeSpan.FromMilliseconds(250), DateTimeOffset.UnixEpoch);
        var byName = run.Summary.Strategies.ToDictionary(s => s.Name);
        var plain = byName["per-request"];
        var retrying = byName["per-request-retry"];
        var breaker = byName["retry-and-breaker"];
        var pooled = byName["pooled-retry"];

        Assert.Multiple(() =>
        {
            // 1,000 ports, then every one of the 2,000 later requests fails all 4 attempts.
            Assert.That(retrying.Resilience!.Attempts, Is.EqualTo(1000 + (2000 * 4)));
            Assert.That(retrying.Resilience.RetriesExhausted, Is.EqualTo(2000));
            Assert.That(retrying.Resilience.SucceededAfterRetry, Is.Zero);
            Assert.That(retrying.Requests.Succeeded, Is.EqualTo(plain.Requests.Succeeded));
            Assert.That(breaker.Requests.Succeeded, Is.EqualTo(plain.Requests.Succeeded));
            Assert.That(breaker.Resilience!.ShortCircuited, Is.GreaterThan(1000));
            Assert.That(breaker.Resilience.Attempts, Is.LessThan(retrying.Resilience.Attempts / 2));
            Assert.That(breaker.Failures[FailureKind.CircuitOpen], Is.EqualTo(breaker.Resilience.ShortCircuited));
            Assert.That(pooled.Resilience!.Retries, Is.Zero);
            Assert.That(pooled.Requests.Failed, Is.Zero);
            Assert.That(plain.Resilience, Is.Null);
        });
        var retryRows = run.Rows.Where(r => r.Strategy == "per-request-retry").ToList();
        Assert.That(retryRows.Sum(r => r.Retries), Is.EqualTo(6000), "the time series holds every retry");
        Assert.That(retryRows.Where(r => r.T <= 5).Sum(r => r.Retries), Is.Zero, "no retry before the range runs out");
        Assert.That(run.Summary.Findings, Has.Some.Contains("a retry cannot bring back a port"));
    }

    [Test]
    public void BackoffLongerThanTimeWait_RetriesRescueEveryRequest()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "rescue", "target": { "host": "10.0.0.1", "port": 80, "protocol": "tcp-echo", "allowRemote": true },
              "load": [ { "inject": { "rate": 100, "during": "1500ms" } } ],
              "strategies": [ { "name": "s", "connections": "per-request",
                                "resilience": { "retry": { "maxAttempts": 3, "delay": "1s", "on": ["EADDRNOTAVAIL"] } } } ],
              "simulation": { "ephemeralPortRange": [40000, 40099], "timeWaitSeconds": 2, "tcpTwReuse": 0 } }
            """, ScenarioLimits.Simulation);

        var result = ScenarioSimulator.Run(scenario, TimeSpan.FromMilliseconds(250), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        // 100 ports for 150 requests: the last 50 fail at first, then find ports out of TIME_WAIT 1-2 s later.
        Assert.That(result.Requests.Failed, Is.Zero);
        Assert.That(result.Resilience!.SucceededAfterRetry, Is.EqualTo(50));
        Assert.That(result.Resilience.Retries, Is.InRange(50, 100));
        Assert.That(result.Resilience.BackoffSeconds, Is.EqualTo(result.Resilience.Retries * 1.0).Within(1e-6));
    }

    [Test]
    public void ClosedModel_EachCopyRetriesBeforeItsNextRequest()
    {
        var scenario = ScenarioJson.Parse("""
            { "name": "closed", "target": { "host": "10.0.0.1", "port": 80, "protocol": "tcp-echo", "allowRemote": true },
              "load": [ { "keepConstant": { "copies": 1, "during": "1s" } } ],
              "strategies": [ { "name": "s", "connections": "per-request",
                                "resilience": { "retry": { "maxAttempts": 3, "delay": "10ms", "on": ["EADDRNOTAVAIL"] } } } ],
              "simulation": { "ephemeralPortRange": [40000, 40099], "tcpTwReuse": 0, "serviceTime": "1ms" } }
            """, ScenarioLimits.Simulation);

        var result = ScenarioSimulator.Run(scenario, TimeSpan.FromMilliseconds(250), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        // 100 requests of about 1 ms use the range up; then each request is 3 failing attempts 10 ms apart.
        var failing = result.Requests.Failed;
        Assert.That(result.Requests.Succeeded, Is.EqualTo(100));
        Assert.That(failing, Is.InRange(43, 46), "(1 s - 0.1 s) / 20 ms of backoff per request");
        Assert.That(result.Resilience!.Attempts, Is.EqualTo(100 + (3 * failing)));
        Assert.That(result.Resilience.RetriesExhausted, Is.EqualTo(failing));
    }
}
