namespace PortLoad.Tests.Core;

public class SeededRandomTests
{
    [Test]
    public void SameSeed_GivesTheSameDraws_AnotherSeedOthers()
    {
        double[] Draws(int seed)
        {
            var random = new SeededRandom(seed);
            return Enumerable.Range(0, 100).Select(_ => random.NextDouble()).ToArray();
        }

        var first = Draws(7);
        var again = Draws(7);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(Draws(8), Is.Not.EqualTo(first));
    }

    [Test]
    public async Task DrawsFromManyThreads_AreTheSerialSequence_DealtOut()
    {
        const int Threads = 4;
        const int Each = 50_000;
        var shared = new SeededRandom(7);
        using var start = new Barrier(Threads);

        var parts = await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return Enumerable.Range(0, Each).Select(_ => shared.NextDouble()).ToArray();
        })));

        var serial = new SeededRandom(7);
        var expected = Enumerable.Range(0, Threads * Each).Select(_ => serial.NextDouble()).Order();
        // A Random drawn from by several threads at once loses its state (it then gives zeros); the lock keeps the sequence.
        Assert.That(parts.SelectMany(p => p).Order(), Is.EqualTo(expected));
    }
}
