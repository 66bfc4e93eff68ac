using PortLoad.HostInfo;

namespace PortLoad.Tests.HostInfo;

public class DynamicPortRangeTests
{
    [Test]
    public void ParseNetsh_CapturedWindowsOutput()
    {
        const string output = "\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\nStart Port      : 49152\r\nNumber of Ports : 16384\r\n\r\n";

        Assert.That(DynamicPortRange.ParseNetsh(output), Is.EqualTo(new PortRange(49152, 65535)));
    }

    [Test]
    public void ParseNetsh_WidenedRange()
    {
        const string output = "Protocol tcp Dynamic Port Range\n---------------------------------\nStart Port      : 10000\nNumber of Ports : 55535\n";

        Assert.That(DynamicPortRange.ParseNetsh(output), Is.EqualTo(new PortRange(10000, 65534)));
    }

    [Test]
    public void ParseSysctl_CapturedMacOsOutput()
    {
        const string output = "net.inet.ip.portrange.first: 49152\nnet.inet.ip.portrange.last: 65535\n";

        Assert.That(DynamicPortRange.ParseSysctl(output), Is.EqualTo(new PortRange(49152, 65535)));
    }

    [TestCase("")]
    [TestCase("The following command was not found: int ipv4 show dynamicport tcp.")]
    public void ParseNetsh_Unexpected_IsNull(string output) => Assert.That(DynamicPortRange.ParseNetsh(output), Is.Null);

    [Test]
    public void HostFactsReader_ReadsLinuxProc()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("reads /proc");
        }

        var facts = HostFactsReader.Read();
        var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);

        Assert.That(facts.EphemeralPortRange, Is.EqualTo(new PortRange(int.Parse(text[0]), int.Parse(text[1]))));
        Assert.That(facts.TimeWaitSeconds, Is.EqualTo(60));
        Assert.That(facts.OpenFileLimit, Is.GreaterThan(0));
    }

    [Test]
    public void OsDefaults_SustainableRates_MatchDomainFigures()
    {
        Assert.That(OsDefaults.Linux.SustainableRate, Is.EqualTo(470.5).Within(0.1));
        Assert.That(OsDefaults.MacOs.SustainableRate, Is.EqualTo(546.1).Within(0.1));
        Assert.That((OsDefaults.Windows.SustainableRateAtLongestTimeWait, OsDefaults.Windows.SustainableRate), Is.EqualTo((16384 / 240.0, 16384 / 120.0)));
    }
}
