using PortLoad.Recording;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Recording;

/// <summary>Recommendations come from what a run showed, with its figures: checked on simulated shipped scenarios (deterministic).</summary>
public class RecommendationsTests
{
    [Test]
    public void For_Exhaustion_PoolServerClosesMoreTuplesAndReuse_EachWithItsFigure()
    {
        var advice = Advice("exhaustion.json");

        Assert.That(advice, Has.Count.EqualTo(4));
        Assert.That(advice[0], Does.Contain("pooled carried 3,000 requests over 8 connections").And.Contain("per-request opened 1,000 and failed 2,000"));
        Assert.That(advice[1], Does.StartWith("Recommendation: let the server close first. server-closes opened 3,000 connections with no failures"));
        Assert.That(advice[2], Does.Contain("needs about 12,000 ports per destination").And.Contain("about 12 pairs").And.Contain("IP_BIND_ADDRESS_NO_PORT"));
        Assert.That(advice[3], Does.Contain("tcp_tw_reuse = 1").And.Contain("treats the symptom"));
    }

    [Test]
    public void For_NewHttpClientPerRequest_SaysWhatToDoInDotNet()
    {
        var advice = Advice(Path.Combine("workshop", "05-httpclient-per-request.json"));

        Assert.That(advice[0], Does.Contain("shared-httpclient carried 1,000 requests over 8 connections").And.Contain("IHttpClientFactory"));
    }

    [Test]
    public void For_CloudNat_MoreOutboundAddressesOrFewerConnections()
    {
        var advice = Advice("what-if-cloud-nat.json");

        Assert.That(advice, Has.Some.StartsWith("Recommendation for the NAT: NAT ports (azure-app-service)").And.Contain("add outbound addresses"));
    }

    [Test]
    public void For_NoExhaustion_NoRecommendation() => Assert.That(Advice("quickstart.json"), Is.Empty);

    private static List<string> Advice(string file)
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", file));
        var run = ScenarioSimulator.Run(scenario, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch);
        return [.. run.Summary.Findings.Where(f => f.StartsWith("Recommendation", StringComparison.Ordinal))];
    }
}
