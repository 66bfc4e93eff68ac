using PortLoad.HostInfo;
using PortLoad.Isolation;

namespace PortLoad.Tests.Isolation;

public class NetworkNamespaceTests
{
    [Test]
    public void Prepare_InTheParentsNamespace_RefusesBeforeChangingAnything()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("network namespaces are Linux only");
        }

        var before = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
        var inForce = new SettingsInForce(new PortRange(40000, 40010), TcpTwReuse: 0, SourceAddresses: 1, NamespaceKind.Isolated);

        var e = Assert.Throws<InvalidOperationException>(() => NetworkNamespace.Prepare(inForce, [], NetworkNamespace.Current()));

        Assert.That(e!.Message, Does.StartWith("refusing to change network settings"));
        Assert.That(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range"), Is.EqualTo(before));
    }

    [TestCase(40000, 40999, 8080)]
    [TestCase(1024, 9000, 9001)]
    [TestCase(5000, 9000, 4999)]
    [TestCase(1024, 65535, 0)]
    public void ServerPort_IsOutsideTheEphemeralRange(int low, int high, int expected) =>
        Assert.That(NetworkNamespace.ServerPort(new PortRange(low, high)), Is.EqualTo(expected));

    [TestCase(40000, 40999, 8081)]
    [TestCase(1024, 9000, 9002)]
    [TestCase(5000, 9000, 4998)]
    [TestCase(8081, 9000, 8079)]
    [TestCase(1024, 65535, 0)]
    public void WarmUpPort_IsOutsideTheRangeAndNotTheServers(int low, int high, int expected) =>
        Assert.That(NetworkNamespace.WarmUpPort(new PortRange(low, high)), Is.EqualTo(expected));
}
