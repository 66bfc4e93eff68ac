using PortLoad.Load;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Scenarios;

public class HoldPhaseTests
{
    private const string Hold = """
        { "name": "t", "target": { "server": "embedded", "protocol": "PROTOCOL" },
          "load": [ { "hold": { "connections": CONNECTIONS, "openRate": 500, "during": "2s" } } ],
          "strategies": [ STRATEGY ] }
        """;

    private static string Json(string strategy = """{ "name": "s", "connections": "per-request" }""", string protocol = "tcp-echo", string connections = "1000") =>
        Hold.Replace("PROTOCOL", protocol, StringComparison.Ordinal).Replace("CONNECTIONS", connections, StringComparison.Ordinal).Replace("STRATEGY", strategy, StringComparison.Ordinal);

    [Test]
    public void Read_OpensAtTheRate_ThenHolds_ThePhaseLastsBoth()
    {
        var phase = (HoldPhase)ScenarioJson.Parse(Json()).Load[0];

        Assert.That(phase.Connections, Is.EqualTo(1000));
        Assert.That(phase.Opening, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(phase.During, Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(RateSchedule.CountBefore(phase, phase.During), Is.EqualTo(1000));
        Assert.That(RateSchedule.DueSeconds(phase, 999), Is.EqualTo(1.998).Within(1e-9));
        Assert.That(phase.OfferedRateAt(TimeSpan.FromSeconds(3)), Is.Zero, "nothing new while holding");
    }

    [Test]
    public void Validate_NamesWhatAHoldCannotGoWith()
    {
        Assert.That(ScenarioJson.Errors(Json("""{ "name": "s", "connections": "pooled" }""")).Select(e => e.ToString()), Has.Some.Contains("strategies[0].connections").And.Some.Contains("per-request"));
        Assert.That(ScenarioJson.Errors(Json("""{ "name": "s", "connections": "per-request", "closeBy": "server" }""")).Select(e => e.ToString()), Has.Some.Contains("strategies[0].closeBy"));
        Assert.That(ScenarioJson.Errors(Json(protocol: "http")).Select(e => e.ToString()), Has.Some.Contains("load[0].hold").And.Some.Contains("tcp-echo"));
        Assert.That(ScenarioJson.Errors(Json(connections: "0")).Select(e => e.ToString()), Has.Some.Contains("load[0].hold.connections"));
        Assert.That(ScenarioJson.Errors(Json(connections: "300000")).Select(e => e.ToString()), Has.Some.Contains("MaxHeldConnections"));
    }
}
