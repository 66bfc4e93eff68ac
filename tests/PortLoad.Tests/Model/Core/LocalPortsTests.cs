using System.Net;

namespace PortLoad.Tests.Core;

public class LocalPortsTests
{
    [Test]
    public void Contains_OnlyThePortsAddedForThatAddress()
    {
        var ports = new LocalPorts();
        ports.Add(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40000));
        ports.Add(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 65535));
        ports.Add(new IPEndPoint(IPAddress.IPv6Loopback, 40001));

        Assert.Multiple(() =>
        {
            Assert.That(ports.Contains(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40000)), Is.True);
            Assert.That(ports.Contains(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 65535)), Is.True);
            Assert.That(ports.Contains(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40001)), Is.False, "another port");
            Assert.That(ports.Contains(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 40000)), Is.False, "another address");
            Assert.That(ports.Contains(new IPEndPoint(IPAddress.IPv6Loopback, 40001)), Is.True);
            Assert.That(ports.Contains(new byte[] { 127, 0, 0, 2 }, 40000), Is.True, "raw address bytes, as the samplers read them");
            Assert.That(ports.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Add_FromManyThreadsAtOnce_LosesNoPort()
    {
        var ports = new LocalPorts();
        var addresses = Enumerable.Range(1, 4).Select(i => IPAddress.Parse($"127.0.0.{i}")).ToArray();

        await Task.WhenAll(addresses.SelectMany(a => Enumerable.Range(0, 4).Select(part => Task.Run(() =>
        {
            for (var port = part; port < 65536; port += 4)
            {
                ports.Add(new IPEndPoint(a, port));
            }
        }))));

        Assert.That(ports.Count, Is.EqualTo(4 * 65536));
    }
}
