using System.Reflection;
using PortLoad.HostInfo;
using PortLoad.Merging;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Merging;

/// <summary>
/// A merge builds each strategy field by field: a field added to <see cref="StrategyResult"/> (or to
/// <see cref="HeldConnections"/>) later and not merged is left unset, and these tests fail naming it.
/// </summary>
public class SegmentMergeFieldsTests
{
    /// <summary>Fields a merge leaves unset on purpose: each was worked out for one process's share, and none holds for the sum.</summary>
    private static readonly string[] NotMerged = [nameof(StrategyResult.Analysis), nameof(StrategyResult.Predicted), nameof(StrategyResult.Calibration)];

    private static StrategyResult Full() => new()
    {
        Name = "pooled",
        // Not the enums' defaults, which would read as unset.
        Connections = ConnectionMode.Pooled,
        CloseBy = CloseBy.Server,
        PoolSize = 4,
        Completed = true,
        Host = new HostFacts { Os = "linux", Kernel = "6.18", EphemeralPortRange = new PortRange(40000, 40999), TimeWaitSeconds = 60, Namespace = NamespaceKind.Isolated },
        PortSpace = 1000,
        SourceAddresses = 2,
        DurationSeconds = 5,
        Requests = new RequestCounts(100, 90, 10),
        Failures = new Dictionary<FailureKind, long> { [FailureKind.EADDRNOTAVAIL] = 10 },
        FirstFailureSeconds = 2,
        FirstFailureKind = FailureKind.EADDRNOTAVAIL,
        ConnectionsOpened = 90,
        TimeWait = new TimeWaitFigures(80, 70, 3),
        EstablishedPeak = 5,
        Throughput = new ThroughputFigures(20, 18),
        LatencyMs = new LatencyFigures(1, 2, 3, 4),
        WarmUp = new WarmUpFigures(10, 1, SameDestination: true),
        Segments = [new SegmentFigures("0/1", 100, 10, 1000, 80, 5)],
        Held = new HeldConnections(100, 90, "127.0.0.1:8080", 1000, 2, 3, 4096, 10)
        {
            Server = new ServerCensus(90, 90, 90, 2),
            KernelSlabBytesPerConnection = 2048,
            SharedKernel = true,
            OpenFiles = new OpenFileLimits(1024, 4096, 4096, 4096),
            Somaxconn = 4096,
            Backlog = 512,
        },
        Resilience = new ResilienceFigures(110, 10, 5, 2, 1.5, 1, 3),
        Analysis = new Analysis(1000, 60, 16, 20, 50, 960, 10, new PortLimit(LimitKind.EphemeralPorts)),
        Predicted = new StrategyResult
        {
            Name = "per-request", Connections = ConnectionMode.PerRequest, Completed = true,
            Host = new HostFacts { Os = "linux", Kernel = "model", EphemeralPortRange = new PortRange(40000, 40999), TimeWaitSeconds = 60 },
            PortSpace = 1000, DurationSeconds = 5, Requests = new RequestCounts(100, 90, 10), Failures = new Dictionary<FailureKind, long>(),
            ConnectionsOpened = 90, TimeWait = new TimeWaitFigures(80, 70), EstablishedPeak = 5, Throughput = new ThroughputFigures(20, 18),
            LatencyMs = new LatencyFigures(1, 2, 3, 4),
        },
        Calibration = new Calibration(5, 300, 100) { FailedAttemptMicroseconds = 90 },
    };

    [Test]
    public void TheSample_SetsEveryField()
    {
        Assert.That(Unset(Full()), Is.Empty, "set the new field in Full(), then merge it in SegmentMerge");
        Assert.That(Unset(Full().Held!), Is.Empty, "set the new field in Full().Held, then merge it in SegmentMerge.SumHeld");
    }

    [Test]
    public void Merge_SetsEveryField_ButThoseNoSumHolds()
    {
        var part = new StrategyRun(Full(), []);

        var merged = SegmentMerge.Merge([("0/2", part), ("1/2", part)], interval: 1).Result;

        Assert.That(Unset(merged), Is.EquivalentTo(NotMerged), "a field SegmentMerge.MergeStrategy does not set");
        Assert.That(Unset(merged.Held!), Is.Empty, "a field SegmentMerge.SumHeld does not set");
        Assert.That(merged.Requests, Is.EqualTo(new RequestCounts(200, 180, 20)));
    }

    /// <summary>Settable properties left null or at their type's default.</summary>
    private static List<string> Unset(object value) =>
        [.. value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Where(p => p.GetValue(value) is not { } v || (p.PropertyType.IsValueType && v.Equals(Activator.CreateInstance(p.PropertyType))))
            .Select(p => p.Name)];
}
