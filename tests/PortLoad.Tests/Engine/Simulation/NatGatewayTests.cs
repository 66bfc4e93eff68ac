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

        Assert.That(new[] { nat.TryAcquire(0), nat.TryAcquire(2), nat.TryAcquire(0) }, Is.EqualTo(new[] { true, true, false }), "destination 0: two ports for both instances");
        Assert.That(nat.TryAcquire(1), Is.True, "destination 1 has ports of its own");
    }

    [Test]
    public void PerInstanceNat_GivesEachInstanceItsOwnPorts()
    {
        var nat = new NatGateway(Shared with { PerInstance = true }, instances: 2, destinations: 1, new Random(1), SynSchedule.Modern);

        Assert.That(new[] { nat.TryAcquire(0), nat.TryAcquire(0), nat.TryAcquire(0), nat.TryAcquire(1), nat.TryAcquire(1) }, Is.EqualTo(new[] { true, true, false, true, true }));
        Assert.That(nat.InUse, Is.EqualTo(4));
    }

    [Test]
    public void Release_ReturnsThePortToItsOwnTable_AfterTheDelay()
    {
        var nat = new NatGateway(Shared with { PerInstance = true }, instances: 2, destinations: 1, new Random(1), SynSchedule.Modern);
        nat.TryAcquire(1);
        nat.TryAcquire(1);
        nat.Release(1, now: 5);

        nat.Advance(14.9);
        var early = nat.TryAcquire(1);
        nat.Advance(15);

        Assert.That((early, nat.NextChange, nat.TryAcquire(1), nat.TryAcquire(1)), Is.EqualTo((false, double.PositiveInfinity, true, false)));
    }
}
