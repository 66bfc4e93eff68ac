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

    // Regression: a hold phase longer than a TimeSpan can count crashed validation (OverflowException, "a fault in PortLoad").
    [TestCase("\"openRate\": 1e-300, \"during\": \"1s\"")]
    [TestCase("\"openRate\": 1, \"during\": \"99999999999h\"")]
    public void Hold_TooLongToCount_IsAnErrorNamingTheField(string fields)
    {
        var json = $$"""
            { "name": "h", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "load": [ { "hold": { "connections": 10, {{fields}} } } ],
              "strategies": [ { "name": "p", "connections": "per-request" } ] }
            """;

        var error = Assert.Throws<ScenarioException>(() => ScenarioJson.Parse(json));

        Assert.That(error!.Message, Does.Contain("load[0].hold.during"));
    }
}

public class RoutedNetworkValidationTests
{
    private const string Routed = """
        { "name": "t", "target": { "server": "embedded", "protocol": "PROTOCOL" }, NETWORK
          "load": [ { "inject": { "rate": 10, "during": "1s" } } ],
          "strategies": [ { "name": "s", "connections": "per-request" } ] }
        """;

    private static string Json(string network, string protocol = "tcp-echo") =>
        Routed.Replace("PROTOCOL", protocol, StringComparison.Ordinal).Replace("NETWORK", network, StringComparison.Ordinal);

    [Test]
    public void Read_InstancesAndNat()
    {
        var n = ScenarioJson.Parse(Json("""  "network": { "namespace": "isolated", "instances": 3, "nat": { "ports": 128, "timeWait": "30s" } }, """)).Network;

        Assert.That(n.Instances, Is.EqualTo(3));
        Assert.That(n.Nat, Is.EqualTo(new RouterNat(128, TimeSpan.FromSeconds(30))));
        Assert.That(n.Routed, Is.True);
        Assert.That(ScenarioJson.Parse(Json("""  "network": { "namespace": "isolated", "nat": { "ports": 8 } }, """)).Network.Nat!.TimeWait, Is.EqualTo(TimeSpan.FromSeconds(120)), "conntrack's default");
    }

    [TestCase("""  "network": { "instances": 2 }, """, "network.instances", "isolated")]
    [TestCase("""  "network": { "namespace": "isolated", "instances": 17 }, """, "network.instances", "16")]
    [TestCase("""  "network": { "namespace": "isolated", "nat": { "ports": 0 } }, """, "network.nat.ports", "")]
    [TestCase("""  "network": { "namespace": "isolated", "nat": { } }, """, "network.nat.ports", "")]
    [TestCase("""  "network": { "namespace": "isolated", "nat": { "ports": 8 } }, "clients": { "sourceAddresses": ["127.0.0.2"] }, """, "clients.sourceAddresses", "10.77")]
    [TestCase("""  "network": { "namespace": "isolated", "nat": { "ports": 8 } }, "parallel": true, """, "parallel", "router")]
    public void Validate_SaysWhatARoutedNetworkCannotGoWith(string network, string path, string hint)
    {
        var errors = ScenarioJson.Errors(Json(network)).Select(e => e.ToString()).ToList();

        Assert.That(errors, Has.Some.Contains(path).And.Some.Contains(hint));
    }

    [Test]
    public void Validate_TheServerBehindTheRouterIsTcpEcho() =>
        Assert.That(ScenarioJson.Errors(Json("""  "network": { "namespace": "isolated", "instances": 2 }, """, "http")).Select(e => e.ToString()), Has.Some.Contains("tcp-echo"));
}
