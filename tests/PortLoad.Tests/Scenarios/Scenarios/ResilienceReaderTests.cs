using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Scenarios;

public class ResilienceReaderTests
{
    private static string WithResilience(string block) =>
        ScenarioJson.Valid.Replace("\"connections\": \"per-request\"", $"\"connections\": \"per-request\", \"resilience\": {block}");

    [Test]
    public void Parse_FullPipeline_ReadsEveryOption()
    {
        var scenario = ScenarioJson.Parse(WithResilience("""
            { "retry": { "maxAttempts": 3, "backoff": "exponential", "delay": "100ms", "jitter": true, "on": ["EADDRNOTAVAIL", "ETIMEDOUT"] },
              "timeout": "2s",
              "circuitBreaker": { "failureRatio": 0.5, "minimumThroughput": 50, "samplingDuration": "5s", "breakDuration": "10s" } }
            """));

        var resilience = scenario.Strategies[0].Resilience!;
        Assert.Multiple(() =>
        {
            Assert.That(resilience.Retry!.MaxAttempts, Is.EqualTo(3));
            Assert.That(resilience.Retry.Backoff, Is.EqualTo(Backoff.Exponential));
            Assert.That(resilience.Retry.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(100)));
            Assert.That(resilience.Retry.Jitter, Is.True);
            Assert.That(resilience.Retry.On, Is.EquivalentTo(new[] { FailureKind.EADDRNOTAVAIL, FailureKind.ETIMEDOUT }));
            Assert.That(resilience.Timeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(resilience.CircuitBreaker, Is.EqualTo(new CircuitBreakerOptions(0.5, 50, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10))));
        });
    }

    [Test]
    public void Parse_RetryWithoutOn_RetriesEveryErrno()
    {
        var retry = ScenarioJson.Parse(WithResilience("""{ "retry": { "maxAttempts": 2 } }""")).Strategies[0].Resilience!.Retry!;

        Assert.That(retry.On, Is.EquivalentTo(FailureKinds.Errno));
        Assert.That(retry.On, Does.Not.Contain(FailureKind.CircuitOpen));
    }

    [TestCase("""{ "retry": { "maxAttempts": 0 } }""", "strategies[0].resilience.retry.maxAttempts", "0 must be >= 1")]
    [TestCase("""{ "retry": { "backoff": "linear" } }""", "strategies[0].resilience.retry.maxAttempts", "is required")]
    [TestCase("""{ "retry": { "maxAttempts": 3, "backoff": "exponentail" } }""", "strategies[0].resilience.retry.backoff", "did you mean \"exponential\"?")]
    [TestCase("""{ "retry": { "maxAttempts": 3, "on": ["EADDRNOTAVIAL"] } }""", "strategies[0].resilience.retry.on[0]", "did you mean \"EADDRNOTAVAIL\"?")]
    [TestCase("""{ "retry": { "maxAttempts": 3, "on": ["CircuitOpen"] } }""", "strategies[0].resilience.retry.on[0]", "is not a failure PortLoad tells apart")]
    [TestCase("""{ "retry": { "maxAttempts": 3, "delay": "soon" } }""", "strategies[0].resilience.retry.delay", "is not a duration")]
    [TestCase("""{ "timeout": "1ms" }""", "strategies[0].resilience.timeout", "must be longer than 10ms")]
    [TestCase("""{ "circuitBreaker": { "failureRatio": 1.5 } }""", "strategies[0].resilience.circuitBreaker.failureRatio", "1.5 must be <= 1")]
    [TestCase("""{ "circuitBreaker": { "failureRatio": 0.5, "minimumThroughput": 1 } }""", "strategies[0].resilience.circuitBreaker.minimumThroughput", "1 must be >= 2")]
    [TestCase("""{ "circuitBreaker": { "failureRatio": 0.5, "samplingDuration": "100ms" } }""", "strategies[0].resilience.circuitBreaker.samplingDuration", "must be longer than 500ms")]
    [TestCase("""{ "circuitBreaker": { "failureRatio": 0.5, "breakDurtion": "1s" } }""", "strategies[0].resilience.circuitBreaker.breakDurtion", "did you mean \"breakDuration\"?")]
    [TestCase("""{ }""", "strategies[0].resilience", "is empty")]
    public void Parse_BadResilience_NamesPathAndWhy(string block, string path, string message)
    {
        var errors = ScenarioJson.Errors(WithResilience(block));

        Assert.That(errors.Select(e => e.Path), Does.Contain(path));
        Assert.That(errors.Single(e => e.Path == path).Message, Does.Contain(message));
    }

    [TestCase(Backoff.Constant, new[] { 100, 100, 100 })]
    [TestCase(Backoff.Linear, new[] { 100, 200, 300 })]
    [TestCase(Backoff.Exponential, new[] { 100, 200, 400 })]
    public void DelayBefore_GrowsAsTheBackoffSays(Backoff backoff, int[] milliseconds)
    {
        var retry = new RetryOptions(4, backoff, TimeSpan.FromMilliseconds(100), Jitter: false, new HashSet<FailureKind>());

        var delays = Enumerable.Range(1, 3).Select(i => retry.DelayBefore(i, new Random(1)).TotalMilliseconds);

        Assert.That(delays, Is.EqualTo(milliseconds.Select(m => (double)m)));
    }

    [Test]
    public void DelayBefore_WithJitter_SpreadsWithinAQuarterEitherSide()
    {
        var retry = new RetryOptions(4, Backoff.Exponential, TimeSpan.FromMilliseconds(100), Jitter: true, new HashSet<FailureKind>());
        var random = new Random(7);

        var delays = Enumerable.Range(0, 1000).Select(_ => retry.DelayBefore(3, random).TotalMilliseconds).ToList();

        Assert.That(delays, Is.All.InRange(300.0, 500.0));
        Assert.That(delays.Distinct().Count(), Is.GreaterThan(900), "jitter spreads the delays");
        Assert.That(delays.Average(), Is.EqualTo(400).Within(5));
    }

    [Test]
    public void LongestRequest_CoversEveryAttemptAndTheLongestBackoffs()
    {
        var options = new ResilienceOptions
        {
            Retry = new RetryOptions(3, Backoff.Exponential, TimeSpan.FromMilliseconds(100), Jitter: true, new HashSet<FailureKind>()),
            Timeout = TimeSpan.FromSeconds(1),
        };

        // 3 attempts x 1 s, then 125 ms and 250 ms of the longest jittered backoff.
        Assert.That(options.LongestRequest(TimeSpan.FromSeconds(2)), Is.EqualTo(TimeSpan.FromMilliseconds(3375)));
    }
}
