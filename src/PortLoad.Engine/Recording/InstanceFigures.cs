using PortLoad.Load;
using PortLoad.Sampling;

namespace PortLoad.Recording;

/// <summary>
/// A strategy run by several instances at once (each a client namespace behind one router): their figures added up,
/// as the merged results will be (counts and sockets summed, latencies merged, the earliest first failure), and each
/// instance's own in <see cref="Instances"/>, which <see cref="RunMeter"/> publishes apart.
/// </summary>
public sealed class InstanceFigures(IReadOnlyList<ILiveFigures> instances) : ILiveFigures
{
    public IReadOnlyList<ILiveFigures> Instances => instances;

    public TimeSpan Elapsed => instances.Max(i => i.Elapsed);

    public long Attempted => instances.Sum(i => i.Attempted);

    public long Succeeded => instances.Sum(i => i.Succeeded);

    public long Failed => instances.Sum(i => i.Failed);

    public long Retries => instances.Sum(i => i.Retries);

    public long ConnectionsOpened => instances.Sum(i => i.ConnectionsOpened);

    public TimeSpan? P99 => Latency?.Percentile(99);

    public LatencyHistogram? Latency => LatencyHistogram.Merge(instances.Select(i => i.Latency));

    public SocketCounts? LastCounts => instances.Select(i => i.LastCounts).OfType<SocketCounts>().ToList() is { Count: > 0 } counts
        ? new SocketCounts(counts.Sum(c => c.TimeWait), counts.Sum(c => c.Established), counts.Sum(c => c.TimeWaitAllDestinations), counts.Sum(c => c.TimeWaitOthers))
        : null;

    public double? FirstFailureSeconds => First()?.FirstFailureSeconds;

    public FailureKind? FirstFailureKind => First()?.FirstFailureKind;

    public long Failures(FailureKind kind) => instances.Sum(i => i.Failures(kind));

    private ILiveFigures? First() => instances.Where(i => i.FirstFailureSeconds is not null).MinBy(i => i.FirstFailureSeconds);
}
