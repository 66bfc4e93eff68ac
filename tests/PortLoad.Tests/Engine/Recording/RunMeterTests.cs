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
            "portload.ports.in_use{segment=1/4,strategy=per-request,state=time_wait} 300",
            "portload.ports.in_use{segment=1/4,strategy=per-request,state=established} 8",
            "portload.port_space{segment=1/4,strategy=per-request} 28232",
            FormattableString.Invariant($"portload.request.duration.p99{{segment=1/4,strategy=per-request}} {recorder.P99!.Value.TotalSeconds}"),
        }));
        Assert.That((recorder.Succeeded, recorder.Failures(FailureKind.EADDRNOTAVAIL), recorder.Retries), Is.EqualTo((2L, 2L, 1L)), "the figures compared are the ones sent");
        Assert.That(recorder.P99!.Value.TotalMilliseconds, Is.EqualTo(100).Within(1), "each request took 100 ms");
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
    public void Meter_IsNamedPortLoad_ForDotnetCounters()
    {
        using var meter = new RunMeter();

        Assert.That(meter.Meter.Name, Is.EqualTo("PortLoad"));
    }

    /// <summary>One collection, as "name{key=value,...} value", attributes in the order they were given.</summary>
    private static List<string> Collect(RunMeter meter)
    {
        var seen = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => seen.Add(Line(instrument, value, tags)));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => seen.Add(Line(instrument, value, tags)));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    private static string Line<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        FormattableString.Invariant($"{instrument.Name}{{{string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}}} {value}");

    private void Send(RunRecorder recorder, params FailureKind[] outcomes) =>
        RecordedRequests.Send(_time, recorder, TimeSpan.FromMilliseconds(100), outcomes);
}
