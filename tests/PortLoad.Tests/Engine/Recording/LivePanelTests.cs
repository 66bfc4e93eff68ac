using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PortLoad.Charts;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Recording;

/// <summary>A live page's panel of one strategy, from the same live figures the terminal reads.</summary>
public class LivePanelTests
{
    private static readonly LiveAxes Axes = new(10, 1000, []);
    private readonly FakeTimeProvider _time = new();

    [Test]
    public void Of_ARunningStrategy_ShowsItsFiguresAndAddsToItsChart()
    {
        var (recorder, followed) = Follow(portSpace: 1000);
        var history = new List<(double T, long TimeWait, long Established)>();
        Send(recorder, FailureKind.None, FailureKind.EADDRNOTAVAIL, FailureKind.None);
        recorder.OnSample(new SocketCounts(300, 8, 300));

        var panel = LivePanel.Of(followed, history, Axes);

        Assert.Multiple(() =>
        {
            Assert.That((panel.Name, panel.State, panel.PortSpace), Is.EqualTo(("per-request", LivePanel.Running, 1000L)));
            Assert.That((panel.PortsInUse, panel.TimeWait, panel.Established), Is.EqualTo((308L, 300L, 8L)));
            Assert.That(panel.Failures, Is.EqualTo(new Dictionary<string, long> { ["EADDRNOTAVAIL"] = 1 }), "only the kinds that failed");
            Assert.That(panel.FirstFailure, Does.StartWith("first EADDRNOTAVAIL at "));
            Assert.That(history, Has.Count.EqualTo(1));
            Assert.That(panel.Chart.ReferenceLines.Single().Y, Is.EqualTo(1000), "the port space, so a pool's 8 ports look like 8 of 1,000");
            Assert.That(LivePanel.FirstFailureOf(followed)?.Label, Is.EqualTo("per-request: EADDRNOTAVAIL"), "what every chart marks");
        });
    }

    [Test]
    public void Of_SameMomentTwice_AddsOnePoint_AndAFinishedStrategyNone()
    {
        var (recorder, followed) = Follow(portSpace: 100);
        var history = new List<(double T, long TimeWait, long Established)>();
        recorder.OnSample(new SocketCounts(5, 1, 5));
        _time.Advance(TimeSpan.FromSeconds(1));

        LivePanel.Of(followed, history, Axes);
        LivePanel.Of(followed, history, Axes);
        followed.Finish();
        _time.Advance(TimeSpan.FromSeconds(1));
        var finished = LivePanel.Of(followed, history, Axes);

        Assert.That(history, Has.Count.EqualTo(1));
        Assert.That(finished.State, Is.EqualTo(LivePanel.Finished));
        Assert.That(finished.FirstFailure, Is.Null);
        Assert.That(LivePanel.FirstFailureOf(followed), Is.Null);
    }

    [Test]
    public void Panels_OfOnePage_ShareTheirAxes_AndMarkEveryFirstFailure()
    {
        var (recorder, pooled) = Follow(portSpace: 8);
        recorder.OnSample(new SocketCounts(0, 8, 0));
        var axes = new LiveAxes(10, 500, [new Marker(5.02, "per-request: EADDRNOTAVAIL")]);

        var charts = new[] { LivePanel.Of(pooled, [], axes).Chart, LivePanel.Before("per-request", 500, axes).Chart };

        Assert.Multiple(() =>
        {
            Assert.That(charts.Select(c => c.Y.Max), Is.All.EqualTo(axes.SocketsMax), "one y scale: the pool's 8 ports look like 8 of 500");
            Assert.That(axes.SocketsMax, Is.GreaterThan(500), "room for the port space's label");
            Assert.That(charts.Select(c => c.X.Max), Is.All.EqualTo(10));
            Assert.That(charts.Select(c => c.Markers.Single().X), Is.All.EqualTo(5.02), "the other strategy's first failure, on the pool's chart too");
            Assert.That(charts.Select(c => c.ReferenceLines.Single().Y), Is.EqualTo(new[] { 8.0, 500.0 }), "each its own port space");
            Assert.That(LivePanel.Before("per-request", 500, axes).State, Is.EqualTo(LivePanel.Waiting));
        });
    }

    [Test]
    public void State_AsJson_HasThePagesFieldNames()
    {
        var (_, followed) = Follow(portSpace: 100);
        var panel = LivePanel.Of(followed, [], Axes);

        var json = JsonSerializer.Serialize(new LiveState("s", null, [panel]), ResultJson.Options);
        using var document = JsonDocument.Parse(json);
        var strategy = document.RootElement.GetProperty("strategies")[0];

        Assert.That(document.RootElement.GetProperty("scenario").GetString(), Is.EqualTo("s"));
        Assert.That(strategy.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[]
        {
            "name", "state", "elapsedSeconds", "portSpace", "portsInUse", "timeWait", "established", "attemptedPerSecond",
            "achievedPerSecond", "p99Ms", "failures", "firstFailure",
        }), "the chart goes as an event of its own");
    }

    private (RunRecorder Recorder, FollowedStrategy Followed) Follow(long portSpace)
    {
        var recorder = new RunRecorder(_time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        var strategy = new StrategyOptions { Name = "per-request", Connections = ConnectionMode.PerRequest };
        return (recorder, new FollowedStrategy(strategy, recorder, portSpace));
    }

    private void Send(RunRecorder recorder, params FailureKind[] outcomes) =>
        RecordedRequests.Send(_time, recorder, TimeSpan.FromMilliseconds(100), outcomes);
}
