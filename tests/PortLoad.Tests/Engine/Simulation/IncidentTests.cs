using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Simulation;

/// <summary>Every scenario in scenarios/incidents/, simulated, against the figures its public report gives.</summary>
public class IncidentTests
{
    private static ScenarioRun Simulate(string file) => ScenarioSimulator.Run(
        new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "incidents", file)),
        TimeSpan.FromMilliseconds(250),
        DateTimeOffset.UnixEpoch);

    [Test]
    public void AzureAppService_128PortsBackAfter4Minutes_UnpooledTimesOutAt64s()
    {
        var run = Simulate("azure-app-service-snat.json");
        var unpooled = run.Summary.Strategies[0];

        Assert.That(unpooled.Analysis!.FirstFailureSeconds, Is.EqualTo(128 / 2.0));
        Assert.That(unpooled.Analysis.SustainablePerSecond, Is.EqualTo(128 / 240.0));
        Assert.That(unpooled.FirstFailureKind, Is.EqualTo(FailureKind.ETIMEDOUT));
        Assert.That(run.Summary.Strategies[1].Requests.Failed, Is.Zero);
        Assert.That(run.Summary.Findings, Has.Some.Contains("Azure App Service SNAT"));
    }

    [Test]
    public void AwsNatGateway_55000ToOneDestination_TheRestTimeOut()
    {
        var held = Simulate("aws-nat-gateway.json").Summary.Strategies[0];

        Assert.That(held.Held!.PeakHeld, Is.EqualTo(55_000));
        Assert.That(held.Failures[FailureKind.ETIMEDOUT], Is.EqualTo(3 * 20_000 - 55_000));
        Assert.That(held.Failures[FailureKind.EADDRNOTAVAIL], Is.Zero, "three instances' ports were plenty");
    }

    [Test]
    public void BunOnMacOs_TimeWaitAt10813_ThenAtTheCeiling500ConnectsFail()
    {
        var run = Simulate("bun-macos-time-wait.json");
        var r = run.Summary.Strategies[0];

        Assert.That(run.Rows.Single(x => x.T == 30).TimeWait, Is.EqualTo(10_813).Within(108), "the reported peak, within 1%");
        Assert.That(r.TimeWait.Peak, Is.EqualTo(16_384), "macOS: one space of 16,384 ports for all four servers");
        Assert.That(r.PortSpace, Is.EqualTo(16_384));
        var burst = run.Rows[^1];
        Assert.That(burst.Attempted, Is.EqualTo(500));
        Assert.That(burst.Failures[FailureKind.EADDRNOTAVAIL], Is.GreaterThanOrEqualTo(490), "500 of 500 reported: only ports whose TIME_WAIT ends in those 10 ms come back");
        Assert.That(run.Summary.Findings, Has.Some.Contains("bun/pull/33929"));
    }

    [Test]
    public void DotnetOnWindows_ClientClosesRunsOutWithEnobufsAcrossDestinations_ServerClosesNever()
    {
        var run = Simulate("dotnet-windows-connection-close.json");
        var client = run.Summary.Strategies.Single(s => s.Name == "client-closes");

        Assert.That(client.FirstFailureKind, Is.EqualTo(FailureKind.ENOBUFS));
        Assert.That(client.FirstFailureSeconds, Is.EqualTo(16_384 / 200.0).Within(0.5), "16,384 ports for both backends together");
        Assert.That(client.PortSpace, Is.EqualTo(16_384), "two destinations, one space");
        Assert.That(run.Summary.Strategies.Single(s => s.Name == "server-closes").Requests.Failed, Is.Zero);
        Assert.That(run.Summary.Findings, Has.Some.Contains("dotnet/runtime/issues/48219"));
    }

    [Test]
    public void OnLinux_TheSameLoadToTwoDestinations_HasASpaceForEach()
    {
        var scenario = new ScenarioParser(ScenarioLimits.Simulation).ParseFile(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "incidents", "dotnet-windows-connection-close.json"));
        var linux = scenario with { Simulation = scenario.Simulation! with { Os = OsDefaults.Linux } };

        var client = ScenarioSimulator.Run(linux, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch).Summary.Strategies[0];

        Assert.That(client.PortSpace, Is.EqualTo(2 * 28_232));
        Assert.That(client.Failures[FailureKind.ENOBUFS], Is.Zero);
    }
}
