using PortLoad.HostInfo;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.HostInfo;

public class SettingsInForceTests
{
    private static readonly HostFacts Host = new() { Os = "linux", Kernel = "test", EphemeralPortRange = new PortRange(10000, 10999), TcpTwReuse = 1, TimeWaitSeconds = 60 };

    [Test]
    public void For_HostNamespace_IsTheHostsSettings()
    {
        var scenario = ScenarioJson.Parse(ScenarioJson.Valid);

        var inForce = SettingsInForce.For(scenario, scenario.Strategies[0], Host);

        Assert.That(inForce, Is.EqualTo(new SettingsInForce(new PortRange(10000, 10999), 1, 1, NamespaceKind.Host)));
        Assert.That(inForce.PortSpace, Is.EqualTo(1000));
    }

    [Test]
    public void For_IsolatedWithNothingSet_IsAFreshNamespacesDefaults_NotTheHosts()
    {
        var scenario = Isolated("\"namespace\": \"isolated\"");

        var inForce = SettingsInForce.For(scenario, scenario.Strategies[0], Host);

        Assert.That(inForce, Is.EqualTo(new SettingsInForce(OsDefaults.Linux.Range, 2, 2, NamespaceKind.Isolated)));
        Assert.That(inForce.PortSpace, Is.EqualTo(2L * 28_232));
    }

    [Test]
    public void For_IsolatedStrategyReuse_WinsOverTheScenarios()
    {
        var scenario = Isolated("\"namespace\": \"isolated\", \"ephemeralPortRange\": [40000, 40099], \"tcpTwReuse\": 0");
        var strategy = scenario.Strategies[0] with { TcpTwReuse = 1 };

        Assert.That(SettingsInForce.For(scenario, strategy, Host).TcpTwReuse, Is.EqualTo(1));
        Assert.That(SettingsInForce.For(scenario, null, Host), Is.EqualTo(new SettingsInForce(new PortRange(40000, 40099), 0, 2, NamespaceKind.Isolated)));
    }

    private static Scenario Isolated(string network) => ScenarioJson.Parse(ScenarioJson.Valid.Replace("\"name\": \"t\",",
        $"\"name\": \"t\", \"network\": {{ {network} }}, \"clients\": {{ \"sourceAddresses\": [\"127.0.0.2\", \"127.0.0.3\"] }},"));
}
