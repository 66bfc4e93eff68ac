using System.Net;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Scenarios;

/// <summary>The rules hold for scenarios made in code (a sweep's edit, a test's), not only for files.</summary>
public class ScenarioValidatorTests
{
    private static readonly Scenario Valid = ScenarioJson.Parse(ScenarioJson.Valid);

    [Test]
    public void Errors_ValidScenario_None() => Assert.That(ScenarioValidator.Errors(Valid, new ScenarioLimits()), Is.Empty);

    [Test]
    public void Errors_EditedLoadAboveTheCaps_NamePathsAndSettings()
    {
        var edited = Valid.WithLoad([new InjectPhase(60_000, TimeSpan.FromSeconds(1)), new KeepConstantPhase(0, TimeSpan.FromMinutes(11))]);

        var errors = ScenarioValidator.Errors(edited, new ScenarioLimits());

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "test.json: load[0].inject.rate: 60000 must be <= 50000 (appsettings.json PortLoad:MaxRate)",
            "test.json: load[1].keepConstant.copies: 0 must be >= 1",
            "test.json: load[1].keepConstant.during: \"660s\" must be at most 600s",
        }));
    }

    // Regression: the cap was checked per strategy, so 1,000 strategies x 10 min validated as "ok".
    [Test]
    public void Errors_StrategiesOneAfterAnother_TheCapHoldsForTheWholeRun()
    {
        var scenario = Valid.WithLoad([new InjectPhase(10, TimeSpan.FromMinutes(4))]) with
        {
            Strategies = [.. Enumerable.Range(0, 3).Select(i => new StrategyOptions { Name = $"s{i}" })],
        };

        var errors = ScenarioValidator.Errors(scenario, new ScenarioLimits());

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "test.json: load: phases last 240s in all, 720s for the 3 strategies one after another; the longest run allowed is 600s (appsettings.json PortLoad:MaxRunDuration)",
        }));
    }

    // Regression: a name ending in a newline passed ("$" matched before it) and split the CSV that names it.
    [TestCase("per-request\n")]
    [TestCase("a\tb")]
    [TestCase("bell\u0007")]
    public void Errors_ControlCharacterInAName_IsRejectedAndShownEscaped(string name)
    {
        var errors = ScenarioValidator.Errors(Valid with { Strategies = [new StrategyOptions { Name = name }] }, new ScenarioLimits());

        Assert.That(errors.Single().Path, Is.EqualTo("strategies[0].name"));
        Assert.That(errors.Single().Message, Does.StartWith(System.Text.Json.JsonSerializer.Serialize(name)).And.Not.Contain("\n"));
    }

    // Regression: an IPv6 source with an IPv4 target was accepted, and every request then failed as OTHER.
    [Test]
    public void Errors_SourceOfTheOtherFamily_IsRejected()
    {
        var errors = ScenarioValidator.Errors(Valid with { SourceAddresses = [IPAddress.IPv6Loopback] }, new ScenarioLimits());

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "test.json: clients.sourceAddresses[0]: \"::1\" is IPv6 but the target 127.0.0.1 is IPv4: a connection's two ends must be of one family",
        }));
    }

    [Test]
    public void Errors_StrategiesBuiltInCode_SameRulesAsAFile()
    {
        var scenario = Valid with
        {
            Strategies =
            [
                new StrategyOptions { Name = "a", Connections = ConnectionMode.Pooled, CloseBy = CloseBy.Server, PoolSize = 0 },
                new StrategyOptions { Name = "a", PoolSize = 4, TcpTwReuse = 3 },
                new StrategyOptions { Name = "bad\n", Resilience = new ResilienceOptions() },
            ],
            SourceAddresses = [IPAddress.Loopback, IPAddress.Loopback],
        };

        var errors = ScenarioValidator.Errors(scenario, new ScenarioLimits());

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[]
        {
            "strategies[0].poolSize", "strategies[0].closeBy",
            "strategies[1].name", "strategies[1].tcpTwReuse", "strategies[1].tcpTwReuse", "strategies[1].poolSize",
            "strategies[2].name", "strategies[2].resilience",
            "clients.sourceAddresses[1]",
        }));
    }

    [Test]
    public void Validated_Invalid_ThrowsEveryProblemTogether()
    {
        var bad = Valid with { Name = "", Target = new TargetOptions { Host = "192.0.2.1", Port = 70000 } };

        var e = Assert.Throws<ScenarioException>(() => bad.Validated(new ScenarioLimits()));

        Assert.That(e!.Errors.Select(x => x.Path), Is.EqualTo(new[] { "name", "target.port", "target.host" }));
    }

    [Test]
    public void Errors_SimulationBlock_OnlyForTheSimulator()
    {
        var simulated = Valid with { Simulation = new SimulationOptions { TimeWaitSeconds = 0 } };

        Assert.That(ScenarioValidator.Errors(simulated, new ScenarioLimits()).Select(e => e.Path), Is.EqualTo(new[] { "simulation", "simulation.timeWaitSeconds" }));
        Assert.That(ScenarioValidator.Errors(simulated, ScenarioLimits.Simulation).Select(e => e.Path), Is.EqualTo(new[] { "simulation.timeWaitSeconds" }));
    }

    [Test]
    public void Errors_Thresholds_NameWhatIsWrongWithAHint()
    {
        var scenario = Valid with
        {
            Thresholds =
            [
                new ThresholdOptions("*", "latencyMs.p99", Max: 50, Min: null),
                new ThresholdOptions("per-requst", "failures.EADDRNOTAVAL", Max: 0, Min: null),
                new ThresholdOptions("*", "timeWait.peak", Max: null, Min: null),
                new ThresholdOptions("*", "timeWait.peak", Max: 1, Min: 2),
            ],
        };

        var errors = ScenarioValidator.Errors(scenario, new ScenarioLimits());

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "thresholds[1].metric", "thresholds[1].strategy", "thresholds[2]", "thresholds[3]" }));
        Assert.That(errors[0].Message, Does.Contain("did you mean \"failures.EADDRNOTAVAIL\"?"));
        Assert.That(errors[1].Message, Does.Contain("did you mean \"per-request\"?"));
    }

    [Test]
    public void Errors_HttpRequestFields_AreCheckedAndNamed()
    {
        var http = ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"tcp-echo\"", "\"http\""));
        var request = new RequestOptions
        {
            Method = "GETT",
            Headers = new Dictionary<string, string> { ["Bad Name"] = "x", ["X-Ok"] = "a\nb" },
            Body = "text",
            BodyBytes = 10,
            Expect = new ExpectedResponse(false, [200, 700], []),
        };

        var errors = ScenarioValidator.Errors(http with { Request = request }, new ScenarioLimits());

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "request.method", "request.headers.Bad Name", "request.headers.X-Ok", "request", "request.expect" }));
        Assert.That(errors[0].Message, Does.Contain("did you mean \"GET\"?"));
    }

    [Test]
    public void Errors_HttpFieldsOnTcpEcho_AndEchoAgainstARealServer_AreRefused()
    {
        var tcp = Valid with { Request = new RequestOptions { Method = "GET" } };
        var remoteEcho = ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"server\": \"embedded\", \"protocol\": \"tcp-echo\"", "\"host\": \"127.0.0.1\", \"port\": 80, \"protocol\": \"http\""))
            with { Request = new RequestOptions { Expect = ExpectedResponse.EchoBack } };

        Assert.That(ScenarioValidator.Errors(tcp, new ScenarioLimits()).Single().Message, Does.StartWith("applies to HTTP targets only"));
        Assert.That(ScenarioValidator.Errors(remoteEcho, new ScenarioLimits()).Single().Message, Does.StartWith("\"echo\" needs the embedded server"));
    }
}
