namespace PortLoad.Scenarios;

public enum DelayDistribution
{
    Fixed,
    Exponential,
}

/// <summary>
/// How long the embedded server thinks before it answers: fixed, or exponential around a mean (how service times
/// often spread). With a delay, concurrency exhausts ports too: at R requests/s a per-request client holds about
/// R x delay connections ESTABLISHED (Little's law).
/// </summary>
public sealed record ResponseDelay(TimeSpan Mean, DelayDistribution Distribution = DelayDistribution.Fixed)
{
    /// <summary>One delay, drawn from <paramref name="random"/> when exponential.</summary>
    public TimeSpan Draw(Random random) => Distribution == DelayDistribution.Fixed
        ? Mean
        : TimeSpan.FromTicks((long)(-Math.Log(1 - random.NextDouble()) * Mean.Ticks));
}
