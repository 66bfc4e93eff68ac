using PortLoad.Kubernetes;

namespace PortLoad.Tests.Kubernetes;

/// <summary>What the API server accepts, checked before a manifest is written (the regressions of #26, item 14).</summary>
public class KubernetesNamesTests
{
    [TestCase("load", true)]
    [TestCase("a", true)]
    [TestCase("load-2", true)]
    [TestCase("a b", false)]
    [TestCase("Load", false)]
    [TestCase("-load", false)]
    [TestCase("load-", false)]
    [TestCase("load\n", false)]
    [TestCase("lo.ad", false)]
    [TestCase("", false)]
    public void Label(string value, bool valid) => Assert.That(KubernetesNames.Label(value) is null, Is.EqualTo(valid));

    [Test]
    public void Label_LongerThan63_IsRefused() =>
        Assert.That((KubernetesNames.Label(new string('a', 63)), KubernetesNames.Label(new string('a', 64)) is null), Is.EqualTo(((string?)null, false)));

    [TestCase("results", true)]
    [TestCase("team.results-1", true)]
    [TestCase("a b", false)]
    [TestCase("results.", false)]
    [TestCase("Results", false)]
    [TestCase("", false)]
    public void Subdomain(string value, bool valid) => Assert.That(KubernetesNames.Subdomain(value) is null, Is.EqualTo(valid));

    [TestCase("portload:latest", true)]
    [TestCase("portload", true)]
    [TestCase("registry.example:5000/team/portload:0.3.0", true)]
    [TestCase("ghcr.io/org/port_load__x:v1.2-rc.1", true)]
    [TestCase("portload@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [TestCase("", false)]
    [TestCase("port load", false)]
    [TestCase("portload\n:latest", false)]
    [TestCase("PortLoad:latest", false)]
    [TestCase("portload:", false)]
    [TestCase("portload:-x", false)]
    [TestCase("/portload", false)]
    [TestCase("portload@sha256:abc", false)]
    public void Image(string value, bool valid) => Assert.That(KubernetesNames.Image(value) is null, Is.EqualTo(valid));

    [TestCase("1", true)]
    [TestCase("500m", true)]
    [TestCase("1Gi", true)]
    [TestCase("512Mi", true)]
    [TestCase("1.5", true)]
    [TestCase("-1Gi", false)]
    [TestCase("0", false)]
    [TestCase("garbage", false)]
    [TestCase("", false)]
    [TestCase(" 1Gi", false)]
    [TestCase("1 Gi", false)]
    public void Quantity(string value, bool valid) => Assert.That(KubernetesNames.Quantity(value) is null, Is.EqualTo(valid));

    [Test]
    public void Problem_ShowsAControlCharacterEscaped() =>
        Assert.That(KubernetesNames.Label("a\nb"), Does.StartWith("\"a\\nb\" is not"));
}
