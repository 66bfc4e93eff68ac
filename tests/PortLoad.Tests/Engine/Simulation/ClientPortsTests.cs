using PortLoad.Simulation;

namespace PortLoad.Tests.Simulation;

public class ClientPortsTests
{
    [Test]
    public void Close_ByClient_HoldsThePortForTimeWait_ThenFreesIt()
    {
        var ports = new ClientPorts(1, 2, timeWaitSeconds: 60, reuse: false, maxTimeWaitBuckets: 100, new Random(1));
        var random = new Random(1);
        var a = ports.Connect(random);
        var b = ports.Connect(random);
        ports.Close(a.Source, a.Port, now: 0, clientHoldsTimeWait: true);
        ports.Close(b.Source, b.Port, now: 0, clientHoldsTimeWait: true);

        ports.Advance(59.9);
        var blocked = ports.Connect(random);
        ports.Advance(60);
        var again = ports.Connect(random);

        Assert.That(blocked.Port, Is.EqualTo(-1));
        Assert.That(again.Port, Is.Not.EqualTo(-1));
        Assert.That((ports.TimeWait, ports.Connected), Is.EqualTo((0L, 1L)), "both TIME_WAITs expired; one port reconnected");
    }

    [Test]
    public void Reuse_TakesOverATimeWaitPort_OnlyAfterOneSecond()
    {
        var ports = new ClientPorts(1, 1, timeWaitSeconds: 60, reuse: true, maxTimeWaitBuckets: 100, new Random(1));
        var random = new Random(1);
        var first = ports.Connect(random);
        ports.Close(first.Source, first.Port, now: 10, clientHoldsTimeWait: true);

        ports.Advance(10.999);
        var early = ports.Connect(random);
        ports.Advance(11.0);
        var late = ports.Connect(random);

        Assert.That(early.Port, Is.EqualTo(-1));
        Assert.That(late.Port, Is.EqualTo(first.Port));
        Assert.That(ports.TimeWait, Is.Zero, "the reused TIME_WAIT socket is gone");
    }

    [Test]
    public void Close_ByServer_FreesThePortAtOnce()
    {
        var ports = new ClientPorts(1, 1, timeWaitSeconds: 60, reuse: false, maxTimeWaitBuckets: 100, new Random(1));
        var random = new Random(1);
        var first = ports.Connect(random);

        ports.Close(first.Source, first.Port, now: 0, clientHoldsTimeWait: false);

        Assert.That(ports.Connect(random).Port, Is.EqualTo(first.Port));
        Assert.That(ports.TimeWait, Is.Zero);
    }

    [Test]
    public void MaxTimeWaitBuckets_BeyondIt_ClosingSocketsSkipTimeWait()
    {
        var ports = new ClientPorts(1, 10, timeWaitSeconds: 60, reuse: false, maxTimeWaitBuckets: 3, new Random(1));
        var random = new Random(1);
        for (var i = 0; i < 10; i++)
        {
            var c = ports.Connect(random);
            ports.Close(c.Source, c.Port, now: i, clientHoldsTimeWait: true);
        }

        Assert.That(ports.TimeWait, Is.EqualTo(3));
        Assert.That(ports.Connect(random).Port, Is.Not.EqualTo(-1));
    }

    [Test]
    public void SeveralSourceAddresses_EachHasTheWholeRange()
    {
        var ports = new ClientPorts(3, 5, timeWaitSeconds: 60, reuse: false, maxTimeWaitBuckets: 100, new Random(1));
        var random = new Random(1);

        var taken = Enumerable.Range(0, 16).Select(_ => ports.Connect(random)).ToList();

        Assert.That(taken.Take(15).All(c => c.Port >= 0), Is.True);
        Assert.That(taken.Take(15).Select(c => c.Source).Distinct().Count(), Is.EqualTo(3), "round-robin over the sources");
        Assert.That(taken[15].Port, Is.EqualTo(-1), "3 sources x 5 ports, then EADDRNOTAVAIL");
    }
}
