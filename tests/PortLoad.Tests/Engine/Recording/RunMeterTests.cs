using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Recording;

/// <summary>
/// The run's Meter, read by a real <see cref="MeterListener"/> (what dotnet-counters and every exporter use): each
/// instrument and attribute against the recorder's own figures.
/// </summary>
public class RunMeterTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void Instruments_ReportTheRecordersOwnFigures_WithTheirAttributes()
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        Send(recorder, FailureKind.None, FailureKind.EADDRNOTAVAIL, FailureKind.None, FailureKind.EADDRNOTAVAIL, FailureKind.ECONNREFUSED);
        recorder.OnRetry(TimeSpan.Zero);
        recorder.OnSample(new SocketCounts(300, 8, 310));
        recorder.CountConnectionsWith(() => 5);
        using var meter = new RunMeter(new Segment(1, 4));
        // 100/s for 10 s, then a closed-model phase: the recorder is 0.5 s in.
        meter.Follow("per-request", recorder, 28_232, new LoadTimeline([new InjectPhase(100, TimeSpan.FromSeconds(10)), new KeepConstantPhase(8, TimeSpan.FromSeconds(10))]));

        var seen = Collect(meter);

        Assert.That(seen, Is.EquivalentTo(new[]
        {
            "portload.offered_rate{segment=1/4,strategy=per-request} 100",
            "portload.requests{segment=1/4,strategy=per-request,outcome=succeeded} " + recorder.Succeeded,
            "portload.requests{segment=1/4,strategy=per-request,outcome=failed,failure=EADDRNOTAVAIL} " + recorder.Failures(FailureKind.EADDRNOTAVAIL),
            "portload.requests{segment=1/4,strategy=per-request,outcome=failed,failure=ECONNREFUSED} " + recorder.Failures(FailureKind.ECONNREFUSED),
            "portload.retries{segment=1/4,strategy=per-request} " + recorder.Retries,
            "portload.connections.opened{segment=1/4,strategy=per-request} 5",
            "portload.request.duration{segment=1/4,strategy=per-request} 0.1",
            "portload.request.duration{segment=1/4,strategy=per-request} 0.1",
            "portload.ports.in_use{segment=1/4,strategy=per-request,state=time_wait} 300",
            "portload.ports.in_use{segment=1/4,strategy=per-request,state=established} 8",
            "portload.port_space{segment=1/4,strategy=per-request} 28232",
        }));
        Assert.That((recorder.Succeeded, recorder.Failures(FailureKind.EADDRNOTAVAIL), recorder.Retries), Is.EqualTo((2L, 2L, 1L)), "the figures compared are the ones sent");
    }

    [Test]
    public void Instruments_BeforeTheFirstSample_ReportNoPortsAndNoP99_AndAWholeRunNoSegment()
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        using var meter = new RunMeter(Segment.Whole);
        meter.Follow("pooled", recorder, 500);

        var seen = Collect(meter);

        Assert.That(seen, Is.EquivalentTo(new[]
        {
            "portload.requests{strategy=pooled,outcome=succeeded} 0",
            "portload.retries{strategy=pooled} 0",
            "portload.connections.opened{strategy=pooled} 0",
            "portload.port_space{strategy=pooled} 500",
        }));
    }

    [Test]
    public void OfferedRate_InAClosedModelPhase_IsNotPublished()
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        _time.Advance(TimeSpan.FromSeconds(12));
        using var meter = new RunMeter();
        meter.Follow("pooled", recorder, 500, new LoadTimeline([new InjectPhase(100, TimeSpan.FromSeconds(10)), new KeepConstantPhase(8, TimeSpan.FromSeconds(10))]));

        Assert.That(Collect(meter).Where(l => l.StartsWith("portload.offered_rate", StringComparison.Ordinal)), Is.Empty, "12 s in: the closed-model phase offers no rate");
    }

    [Test]
    public void Durations_EachCollection_PassesOnOnlyTheRequestsSinceTheLast()
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        using var meter = new RunMeter();
        meter.Follow("pooled", recorder, 500);
        Send(recorder, FailureKind.None, FailureKind.None, FailureKind.EADDRNOTAVAIL);
        using var listener = Listen(meter, out var seen);

        listener.RecordObservableInstruments();
        var first = Durations(seen);
        seen.Clear();
        RecordedRequests.Send(_time, recorder, TimeSpan.FromMilliseconds(250), FailureKind.None);
        listener.RecordObservableInstruments();
        var second = Durations(seen);
        seen.Clear();
        listener.RecordObservableInstruments();

        Assert.That(first, Is.EqualTo(new[] { 0.1, 0.1 }).Within(0.05).Percent, "the two succeeded requests; the failed one has no duration");
        Assert.That(second, Is.EqualTo(new[] { 0.25 }).Within(0.05).Percent, "only the request since");
        Assert.That(Durations(seen), Is.Empty, "nothing new");
    }

    [Test]
    public void Durations_FromAChildsSnapshots_AreTheRecordersOwn()
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        var child = new LatestFigures();
        using var meter = new RunMeter();
        meter.Follow("per-request", child, 500);
        using var listener = Listen(meter, out var seen);

        RecordedRequests.Send(_time, recorder, TimeSpan.FromMilliseconds(3), FailureKind.None, FailureKind.None);
        child.Update(FiguresSnapshot.Of(recorder));
        listener.RecordObservableInstruments();
        RecordedRequests.Send(_time, recorder, TimeSpan.FromMilliseconds(1500), FailureKind.None);
        child.Update(FiguresSnapshot.Of(recorder));
        listener.RecordObservableInstruments();

        Assert.That(Durations(seen), Is.EqualTo(new[] { 0.003, 0.003, 1.5 }).Within(0.05).Percent, "each request once, though every snapshot holds them all; to HdrHistogram's 3 digits");
        child.Update(FiguresSnapshot.Of(recorder, withLatency: false));
        Assert.That(child.Latency?.Count, Is.EqualTo(3), "a snapshot without latencies leaves the last ones");
    }

    // A child sends its latencies with one snapshot in four; a collection once a second mostly comes after one without.
    [Test]
    public void Durations_FromAChild_ReachACollectionThatCameAfterASnapshotWithout()
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        var child = new LatestFigures();
        using var meter = new RunMeter();
        meter.Follow("per-request", child, 500);
        using var listener = Listen(meter, out var seen);

        RecordedRequests.Send(_time, recorder, TimeSpan.FromMilliseconds(3), FailureKind.None, FailureKind.None);
        child.Update(FiguresSnapshot.Of(recorder));
        child.Update(FiguresSnapshot.Of(recorder, withLatency: false));
        listener.RecordObservableInstruments();

        Assert.That(Durations(seen), Is.EqualTo(new[] { 0.003, 0.003 }).Within(0.05).Percent);
    }

    [Test]
    public void SeveralInstances_ArePublishedApart_AndAddUp()
    {
        var recorders = Enumerable.Range(0, 2).Select(_ => new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60))).ToList();
        Send(recorders[0], FailureKind.None, FailureKind.None, FailureKind.None);
        Send(recorders[1], FailureKind.None, FailureKind.EADDRNOTAVAIL);
        recorders[1].OnSample(new SocketCounts(40, 2, 40));
        var whole = new InstanceFigures(recorders);
        using var meter = new RunMeter();
        meter.Follow("per-request", whole, 1000);

        var seen = Collect(meter);
        var requests = seen.Where(l => l.StartsWith("portload.requests", StringComparison.Ordinal));

        Assert.That(requests, Is.EquivalentTo(new[]
        {
            "portload.requests{strategy=per-request,client_instance=1,outcome=succeeded} 3",
            "portload.requests{strategy=per-request,client_instance=2,outcome=succeeded} 1",
            "portload.requests{strategy=per-request,client_instance=2,outcome=failed,failure=EADDRNOTAVAIL} 1",
        }));
        Assert.That(seen.Where(l => l.StartsWith("portload.port_space", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]), Is.EqualTo(new[] { "500", "500" }), "each instance's share of the 1,000");
        Assert.That((whole.Succeeded, whole.Failures(FailureKind.EADDRNOTAVAIL), whole.Latency?.Count, whole.LastCounts?.TimeWait), Is.EqualTo((4L, 1L, 4L, 40L)));
        Assert.That(whole.FirstFailureSeconds, Is.EqualTo(recorders[1].FirstFailureSeconds));
    }

    [Test]
    public void Meter_IsNamedPortLoad_ForDotnetCounters()
    {
        using var meter = new RunMeter();

        Assert.That(meter.Meter.Name, Is.EqualTo("PortLoad"));
    }

    /// <summary>One collection, as "name{key=value,...} value", attributes in the order they were given.</summary>
    private static List<string> Collect(RunMeter meter)
    {
        using var listener = Listen(meter, out var seen);
        listener.RecordObservableInstruments();
        return seen;
    }

    private static List<double> Durations(List<string> seen) =>
        [.. seen.Where(l => l.StartsWith("portload.request.duration{", StringComparison.Ordinal)).Select(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>A started listener of the meter's instruments, adding each measurement to <paramref name="seen"/>.</summary>
    private static MeterListener Listen(RunMeter meter, out List<string> seen)
    {
        var lines = seen = [];
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => lines.Add(Line(instrument, value, tags)));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => lines.Add(Line(instrument, value, tags)));
        listener.Start();
        return listener;
    }

    private static string Line<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        FormattableString.Invariant($"{instrument.Name}{{{string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}}} {value}");

    private void Send(RunRecorder recorder, params FailureKind[] outcomes) =>
        RecordedRequests.Send(_time, recorder, TimeSpan.FromMilliseconds(100), outcomes);
}
