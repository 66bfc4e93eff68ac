using PortLoad.Cli.Output;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using Spectre.Console;

namespace PortLoad.Tests.Cli.Output;

public class DashboardTests
{
    private static readonly LoadTimeline Timeline = new([new InjectPhase(200, TimeSpan.FromSeconds(15))]);

    private static StrategyOptions Strategy(string name, bool resilient = false) => new()
    {
        Name = name,
        Resilience = resilient ? new ResilienceOptions { Timeout = TimeSpan.FromSeconds(1) } : null,
    };

    [Test]
    public void Build_ExhaustedStrategy_FitsEightyColumnsAndShowsEveryFigure()
    {
        var figures = new FakeFigures { Elapsed = TimeSpan.FromSeconds(2), Succeeded = 1000, Attempted = 1460, Retries = 1200, Established = 10, P99Ms = 26.9 };
        figures.Failed[FailureKind.EADDRNOTAVAIL] = 400;
        figures.Failed[FailureKind.ETIMEDOUT] = 60;
        var done = new FollowedStrategy(Strategy("per-request"), new FakeFigures { Elapsed = TimeSpan.FromSeconds(15), Succeeded = 3000 }, 1000);
        done.Finish();
        var running = new FollowedStrategy(Strategy("a-long-strategy-name-that-goes-on-and-on", resilient: true), figures, 56_464);
        for (var i = 0; i < 40; i++)
        {
            figures.Elapsed += TimeSpan.FromMilliseconds(250);
            figures.Succeeded += 50;
            figures.Retries += 150;
            figures.TimeWait += 25;
            running.Observe();
        }

        figures.Elapsed += TimeSpan.FromSeconds(5);
        var lines = Render(Dashboard.Build([done, running], Timeline));

        Assert.That(lines, Has.All.Length.LessThanOrEqualTo(80));
        var text = string.Join('\n', lines);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("✔ per-request 15.0 s: ok 3,000, no failures"));
            Assert.That(text, Does.Contain("1,010 of 56,464 2%"), "TIME_WAIT + ESTABLISHED against the port space");
            Assert.That(text, Does.Contain("12.0 of 15 s, 3 s left"), "as of the latest look, not the figures' clock");
            Assert.That(text, Does.Contain("offered 200/s"));
            Assert.That(text, Does.Contain("achieved 200/s"));
            Assert.That(text, Does.Contain("retries 600/s"));
            Assert.That(text, Does.Contain("p99 26.9 ms"));
            Assert.That(text, Does.Contain("EADDRNOTAVAIL 400  ETIMEDOUT 60"));
            Assert.That(text, Does.Contain("TW ▅▆▆▆▆▆▆▇▇▇▇▇▇███"), "TIME_WAIT rising from 625 to 1,000 in the last 16 looks");
        });
    }

    [Test]
    public void PortsLine_FullRange_FillsTheGauge()
    {
        var s = new FollowedStrategy(Strategy("s"), new FakeFigures { TimeWait = 1000 }, 1000);
        s.Observe();

        Assert.That(Markup.Remove(Dashboard.PortsLine(s)), Does.Contain($"{new string('█', 20)} 1,000 of 1,000 100%"));
    }

    [Test]
    public void Sparkline_ScalesToItsHighestValue()
    {
        Assert.That(Dashboard.Sparkline([0, 250, 500, 1000]), Is.EqualTo("▁▃▅█"));
        Assert.That(Dashboard.Sparkline([0, 0]), Is.EqualTo("▁▁"));
    }

    [Test]
    public void Observe_RatesCoverAboutTheLastSecond()
    {
        var figures = new FakeFigures();
        var s = new FollowedStrategy(Strategy("s"), figures, 1000);
        for (var i = 0; i < 8; i++)
        {
            figures.Elapsed += TimeSpan.FromMilliseconds(250);
            figures.Succeeded += i < 4 ? 100 : 10;
            s.Observe();
        }

        Assert.That(s.AchievedPerSecond, Is.EqualTo(40).Within(0.001), "10 per 250 ms over the last second, not the 400/s before it");
    }

    [Test]
    public void PlainLine_SaysTheSameWithoutDrawing()
    {
        var figures = new FakeFigures { Elapsed = TimeSpan.FromSeconds(6), Succeeded = 1000, TimeWait = 1000 };
        figures.Failed[FailureKind.EADDRNOTAVAIL] = 200;
        var s = new FollowedStrategy(Strategy("per-request"), figures, 1000);
        s.Observe();

        Assert.That(RunProgress.PlainLine(s, Timeline), Is.EqualTo("per-request 6/15s ports 1000/1000 TIME_WAIT 1000 achieved 0/s ok 1000 failed 200 (EADDRNOTAVAIL 200)"));
    }

    private static string[] Render(Spectre.Console.Rendering.IRenderable view)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 80;
        console.Write(view);
        return writer.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }

    // Regression: a strategy starting marked every earlier one finished, which froze the first of two run at once.
    [TestCase(false, "pooled")]
    [TestCase(true, "per-request pooled")]
    public async Task RunProgress_PlainLines_ForEveryStrategyStillRunning(bool parallel, string expected)
    {
        var scenario = Tests.TestSupport.ScenarioJson.Parse(Tests.TestSupport.ScenarioJson.Valid) with
        {
            Parallel = parallel,
            Strategies = [Strategy("per-request"), Strategy("pooled") with { Connections = ConnectionMode.Pooled }],
        };
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var progress = new RunProgress(console, scenario, global::PortLoad.HostInfo.HostFactsReader.Read(), live: false);

        // One after another they start in order; at once, in any order (here the second first).
        foreach (var strategy in parallel ? scenario.Strategies.Reverse() : scenario.Strategies)
        {
            progress.Follow(strategy, new FakeFigures());
        }

        await Tests.TestSupport.Eventually.ValueAsync(() => writer.ToString(), text => text.Contains('\n', StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        await progress.StopAsync();

        var names = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Distinct();
        Assert.That(string.Join(' ', names), Is.EqualTo(expected), "in the scenario's order");
    }

    private sealed class FakeFigures : ILiveFigures
    {
        public Dictionary<FailureKind, long> Failed { get; } = [];

        public TimeSpan Elapsed { get; set; }

        public long Attempted { get; set; }

        public long Succeeded { get; set; }

        long ILiveFigures.Failed => Failed.Values.Sum();

        public long Retries { get; set; }

        public long TimeWait { get; set; }

        public long Established { get; set; }

        public double? P99Ms { get; set; }

        public TimeSpan? P99 => P99Ms is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

        public LatencyHistogram? Latency => null;

        public long ConnectionsOpened { get; set; }

        public SocketCounts? LastCounts => new(TimeWait, Established, TimeWait);

        public double? FirstFailureSeconds { get; set; }

        public FailureKind? FirstFailureKind { get; set; }

        public long Failures(FailureKind kind) => Failed.GetValueOrDefault(kind);
    }
}
