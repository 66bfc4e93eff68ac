using FsCheck;
using FsCheck.Fluent;
using PortLoad.Simulation;

namespace PortLoad.Tests.Simulation;

public class PortAllocatorTests
{
    [Test]
    public void Connect_TakesOneParityFirst_StepByStep_ThenTheOther()
    {
        var allocator = new PortAllocator(10, new Random(3));
        var random = new Random(1);

        var ports = Enumerable.Range(0, 10).Select(_ => allocator.Connect(random, out _)).ToList();

        Assert.That(ports.Take(5).All(p => p % 2 == 0), Is.True, "the even half goes first: " + string.Join(",", ports));
        Assert.That(ports.Skip(5).All(p => p % 2 == 1), Is.True, "then the odd half: " + string.Join(",", ports));
        Assert.That(ports.Distinct().Count(), Is.EqualTo(10));
        Assert.That(allocator.Connect(random, out var probes), Is.EqualTo(-1));
        Assert.That(probes, Is.EqualTo(10), "a failing connect probes the whole range");
    }

    /// <summary>What <see cref="PortLoad.Recording.StrategySummarizer.LoopConnectMicroseconds"/> takes out of a measured connection.</summary>
    [TestCase(300)]
    [TestCase(1000)]
    [TestCase(28232)]
    public void Connect_FillingTheRange_ProbesAbout1PlusAQuarterOfItAConnection(int size)
    {
        var random = new Random(1);
        var allocator = new PortAllocator(size, random);
        long probes = 0;
        var taken = 0;
        for (; allocator.Connect(random, out var p) >= 0; taken++)
        {
            probes += p;
        }

        Assert.That(taken, Is.EqualTo(size));
        Assert.That((double)probes / taken, Is.EqualTo(1 + (size / 4.0)).Within(2).Percent);
    }

    [Test]
    public void Connect_EvenHalfFull_ScansItWholeBeforeEachOddPort()
    {
        var allocator = new PortAllocator(1000, new Random(3));
        var random = new Random(1);
        for (var i = 0; i < 500; i++)
        {
            Assert.That(allocator.Connect(random, out _) % 2, Is.Zero);
        }

        var port = allocator.Connect(random, out var probes);

        Assert.That(port % 2, Is.EqualTo(1));
        Assert.That(probes, Is.GreaterThan(500), "500 even probes, then at least one odd");
    }

    [Test]
    public void Connect_OddSizedRange_WrapsIntoTheOtherParityAndUsesEveryPort()
    {
        var allocator = new PortAllocator(101, new Random(7));
        var random = new Random(2);

        var ports = Enumerable.Range(0, 101).Select(_ => allocator.Connect(random, out _)).ToList();

        Assert.That(ports, Is.EquivalentTo(Enumerable.Range(0, 101)));
        Assert.That(allocator.Connect(random, out _), Is.EqualTo(-1));
    }

    [Test]
    public void MarkAvailable_ReturnedPort_IsFoundAgain()
    {
        var allocator = new PortAllocator(4, new Random(1));
        var random = new Random(1);
        var taken = Enumerable.Range(0, 4).Select(_ => allocator.Connect(random, out _)).ToList();

        allocator.MarkAvailable(taken[2]);

        Assert.That(allocator.Connect(random, out _), Is.EqualTo(taken[2]));
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Connect_NeverHandsOutATakenPort_AndFailsOnlyWhenFull(PositiveInt sizeSeed, int seed, PositiveInt releases)
    {
        var size = (sizeSeed.Get % 300) + 1;
        var allocator = new PortAllocator(size, new Random(seed));
        var random = new Random(seed);
        var held = new HashSet<int>();
        var ok = true;
        for (var step = 0; step < size * 3; step++)
        {
            if (step % ((releases.Get % 5) + 2) == 0 && held.Count > 0)
            {
                var release = held.First();
                held.Remove(release);
                allocator.MarkAvailable(release);
            }

            var port = allocator.Connect(random, out var probes);
            // Two passes of ceil(size/2) probes: an odd-sized range has one port looked at twice.
            var fullScan = 2 * ((size + 1) / 2);
            ok &= port < 0 ? held.Count == size && probes == fullScan : held.Add(port) && port < size && probes >= 1 && probes <= fullScan;
        }

        return ok.ToProperty();
    }
}
