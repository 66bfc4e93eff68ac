using PortLoad.HostInfo;
using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Tests.Simulation;

public class NatGatewayTests
{
    private static readonly NatOptions Shared = new("custom", 2, TimeSpan.FromSeconds(10));

    [Test]
    public void SharedNat_OneTablePerDestination_ForEveryInstance()
    {
        // Two instances, two destinations: spaces 0,1 are instance 0's (destination 0, 1), spaces 2,3 instance 1's.
        var nat = new NatGateway(Shared, instances: 2, destinations: 2, new Random(1), SynSchedule.Modern);

        Assert.That(new[] { nat.TryAcquire(0, 0), nat.TryAcquire(2, 0), nat.TryAcquire(0, 0) }, Is.EqualTo(new[] { true, true, false }), "destination 0: two ports for both instances");
        Assert.That(nat.TryAcquire(1, 0), Is.True, "destination 1 has ports of its own");
    }

    [Test]
    public void PerInstanceNat_GivesEachInstanceItsOwnPorts()
    {
        var nat = new NatGateway(Shared with { PerInstance = true }, instances: 2, destinations: 1, new Random(1), SynSchedule.Modern);

        Assert.That(new[] { nat.TryAcquire(0, 0), nat.TryAcquire(0, 0), nat.TryAcquire(0, 0), nat.TryAcquire(1, 0), nat.TryAcquire(1, 0) }, Is.EqualTo(new[] { true, true, false, true, true }));
        Assert.That(nat.InUse, Is.EqualTo(4));
    }

    [Test]
    public void Release_ReturnsThePortToItsOwnTable_AfterTheDelay()
    {
        var nat = new NatGateway(Shared with { PerInstance = true }, instances: 2, destinations: 1, new Random(1), SynSchedule.Modern);
        nat.TryAcquire(1, 0);
        nat.TryAcquire(1, 0);
        nat.Release(1, now: 5);

        nat.Advance(14.9);
        var early = nat.TryAcquire(1, 0);
        nat.Advance(15);

        Assert.That((early, nat.NextChange, nat.TryAcquire(1, 0), nat.TryAcquire(1, 0)), Is.EqualTo((false, double.PositiveInfinity, true, false)));
    }

    [Test]
    public void LinuxNat_AClosedMapping_IsTakenOverOnlyLateInTheSearch_OneTimeInTwo()
    {
        // 127 of 128 ports held, one closed: a SYN gets it when it lies in the last 32 of the 128 ports searched
        // (a quarter of the offsets) and its sequence number is past the old flow's (one in two): 1 in 8.
        var nat = new NatGateway(new NatOptions(NatOptions.LinuxKind, 128, TimeSpan.FromSeconds(120)), instances: 1, destinations: 1, new Random(1), SynSchedule.Modern);
        for (var i = 0; i < 128; i++)
        {
            Assert.That(nat.TryAcquire(0, 0), Is.True, "free ports are taken at once");
        }

        nat.Release(0, now: 1);
        var through = 0;
        for (var syn = 0; syn < 20_000; syn++)
        {
            if (nat.TryAcquire(0, 2))
            {
                through++;
                nat.Release(0, now: 2);
            }
        }

        Assert.That(through / 20_000.0, Is.EqualTo(1 / 8.0).Within(0.01));
        Assert.That(nat.TryAcquire(0, 122), Is.True, "120 s after its close conntrack forgot it: free again");
    }
}
