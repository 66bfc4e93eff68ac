using Microsoft.Extensions.Time.Testing;
using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Recording;

public class StrategySummarizerTests
{
    private static readonly HostFacts Host = new() { Os = "linux", Kernel = "test", EphemeralPortRange = new PortRange(40000, 40099), TcpTwReuse = 0, TimeWaitSeconds = 60 };
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void Summarize_PerRequest_FiguresFromTheRecorder()
    {
        var timeline = new LoadTimeline([new InjectPhase(10, TimeSpan.FromSeconds(2))]);
        var recorder = Record(succeeded: 15, failed: 5, timeWait: [3, 12, 9]);
        var strategy = new StrategyOptions { Name = "per-request" };

        var r = StrategySummarizer.Summarize(strategy, recorder, timeline, connectionsOpened: 15, TimeSpan.FromSeconds(2), completed: true, Host, SettingsInForce.Read(Host, sourceAddresses: 2));

        Assert.Multiple(() =>
        {
            Assert.That((r.Connections, r.CloseBy, r.PoolSize), Is.EqualTo((ConnectionMode.PerRequest, (CloseBy?)CloseBy.Client, (int?)null)));
            Assert.That((r.SourceAddresses, r.PortSpace), Is.EqualTo((2, 200L)));
            Assert.That(r.Requests, Is.EqualTo(new PortLoad.Results.RequestCounts(20, 15, 5)));
            Assert.That(r.Failures[FailureKind.EADDRNOTAVAIL], Is.EqualTo(5));
            Assert.That(r.Failures.Keys, Is.EqualTo(FailureKinds.All), "every kind listed, zeros included");
            Assert.That((r.TimeWait.Peak, r.TimeWait.Final), Is.EqualTo((12L, 9L)));
            Assert.That(r.Throughput.OfferedPerSecond, Is.EqualTo(10), "20 scheduled over 2 s");
            Assert.That(r.Throughput.AchievedPerSecond, Is.EqualTo(7.5));
            Assert.That(r.FirstFailureKind, Is.EqualTo(FailureKind.EADDRNOTAVAIL));
        });
    }

    [Test]
    public void Summarize_Pooled_HasAPoolSizeAndNoCloser()
    {
        var timeline = new LoadTimeline([new InjectPhase(10, TimeSpan.FromSeconds(1))]);
        var recorder = Record(succeeded: 10, failed: 0, timeWait: [0]);

        var r = StrategySummarizer.Summarize(new StrategyOptions { Name = "pooled", Connections = ConnectionMode.Pooled }, recorder, timeline, 8, TimeSpan.FromSeconds(1), true, Host, SettingsInForce.Read(Host, 0));

        Assert.That((r.CloseBy, r.PoolSize, r.PortSpace), Is.EqualTo(((CloseBy?)null, (int?)ScenarioConstants.PoolSize, 100L)));
        Assert.That(r.FirstFailureSeconds, Is.Null);
    }

    [Test]
    public void Rows_OnePerInterval_WithTheScheduleAndTheLastSample()
    {
        var timeline = new LoadTimeline([new InjectPhase(10, TimeSpan.FromSeconds(2))]);
        var recorder = Record(succeeded: 15, failed: 5, timeWait: [3, 12, 9]);

        var rows = StrategySummarizer.Rows("s", recorder, timeline, TimeSpan.FromSeconds(2));

        Assert.That(rows.Select(r => r.T), Is.EqualTo(new[] { 1.0, 2.0 }));
        Assert.That(rows.Select(r => r.Offered), Is.EqualTo(new[] { 10L, 10L }));
        Assert.That(rows.Sum(r => r.Succeeded + r.Failed), Is.EqualTo(20));
        Assert.That(rows.Select(r => r.TimeWait), Is.EqualTo(new long?[] { 12, 9 }));
    }

    [Test]
    public void Calibrate_CheapestFailingConnect_PricesOneProbe()
    {
        // 100 ns did not scan the range (under a quarter of the 5 µs median): left out.
        var calibration = StrategySummarizer.Calibrate([6_000, 100, 5_000, 4_000], new PortRange(40000, 40999));

        Assert.That(calibration, Is.EqualTo(new PortLoad.Results.Calibration(4, 4, 4)));
        Assert.That(StrategySummarizer.Calibrate([], new PortRange(40000, 40999)), Is.Null);
    }

    [Test]
    public void LoopConnectMicroseconds_ClosedModel_TimeToTheFirstFailurePerConnection_LessTheProbing()
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
        recorder.Start();
        for (var i = 0; i < 200; i++)
        {
            var due = _time.GetTimestamp();
            recorder.OnAttempt(due);
            _time.Advance(TimeSpan.FromMicroseconds(200));
            recorder.OnCompleted(due, FailureKind.None);
        }

        var last = _time.GetTimestamp();
        recorder.OnCompleted(last, FailureKind.EADDRNOTAVAIL);
        recorder.OnCompleted(last, FailureKind.None);

        // 40 ms for 200 connections, 200 µs each, of which a 300-port range's fill probes 1 + 300 / 4 ports at 50 ns.
        Assert.That(StrategySummarizer.LoopConnectMicroseconds([new KeepConstantPhase(4, TimeSpan.FromSeconds(3))], recorder, 50, 300), Is.EqualTo(200 - 3.8).Within(0.001));
        Assert.That(StrategySummarizer.LoopConnectMicroseconds([new InjectPhase(100, TimeSpan.FromSeconds(3))], recorder, 50, 300), Is.Null, "an open model's pace is the offered rate's");
    }

    /// <summary>
    /// Requests due every 100 ms over 2 s, each ending 50 ms later, the last <paramref name="failed"/> with
    /// EADDRNOTAVAIL; a socket sample at 0.5 s, 1 s and 2 s with the TIME_WAIT counts given.
    /// </summary>
    private RunRecorder Record(int succeeded, int failed, long[] timeWait)
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
        recorder.Start();
        var start = recorder.StartTimestamp;
        double[] sampleAt = [0.5, 1, 2];
        var sampled = 0;
        for (var i = 0; i < succeeded + failed; i++)
        {
            AdvanceTo(start, i * 0.1);
            while (sampled < timeWait.Length && sampleAt[sampled] <= i * 0.1)
            {
                recorder.OnSample(new SocketCounts(timeWait[sampled++], 0, 0));
            }

            var due = _time.GetTimestamp();
            recorder.OnAttempt(due);
            AdvanceTo(start, (i * 0.1) + 0.05);
            recorder.OnCompleted(due, i < succeeded ? FailureKind.None : FailureKind.EADDRNOTAVAIL);
        }

        AdvanceTo(start, 2);
        while (sampled < timeWait.Length)
        {
            recorder.OnSample(new SocketCounts(timeWait[sampled++], 0, 0));
        }

        return recorder;
    }

    private void AdvanceTo(long start, double seconds)
    {
        var target = start + (long)(seconds * _time.TimestampFrequency);
        var now = _time.GetTimestamp();
        if (target > now)
        {
            _time.Advance(TimeSpan.FromSeconds((double)(target - now) / _time.TimestampFrequency));
        }
    }
}
