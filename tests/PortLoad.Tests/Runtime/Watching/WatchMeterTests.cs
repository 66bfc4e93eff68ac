using System.Net;
using PortLoad.Runs;
using PortLoad.Tests.TestSupport;
using PortLoad.Watching;

namespace PortLoad.Tests.Watching;

/// <summary>
/// watch's figures on the PortLoad Meter, served by <see cref="MetricsEndpoint"/> under the names watch has always had,
/// for whatever name reaches the address it bound (regression, #26 item 16: bound as localhost it answered 404 to
/// 127.0.0.1, and [::1] and 0.0.0.0 were refused by HttpListener's prefixes).
/// </summary>
[NonParallelizable] // Every PortLoad Meter in the process is served: one watch's at a time.
public class WatchMeterTests
{
    [TestCase("localhost", "127.0.0.1")]
    [TestCase("localhost", "localhost")]
    [TestCase("127.0.0.1", "localhost")]
    [TestCase("[::1]", "[::1]")]
    [TestCase("0.0.0.0", "127.0.0.1")]
    public async Task Metrics_AnswerAnyNameOfTheBoundAddress(string bind, string scrape)
    {
        var port = Loopback.UnusedEndPoint().Port;
        using var meter = new WatchMeter();
        meter.Update([Row("127.0.0.1:8080", timeWait: 5, newConnections: 2)]);
        await using var endpoint = await MetricsEndpoint.StartAsync(bind, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        using var response = await http.GetAsync(new Uri($"http://{scrape}:{port}/metrics"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Value(await response.Content.ReadAsStringAsync(), "portload_ports_in_use", "127.0.0.1:8080", "state=\"time_wait\""), Is.EqualTo("5"));
    }

    [Test]
    public async Task Metrics_KeepWatchsNames_CountNewConnections_AndDropADestinationThatLeaves()
    {
        var port = Loopback.UnusedEndPoint().Port;
        using var meter = new WatchMeter();
        await using var endpoint = await MetricsEndpoint.StartAsync("127.0.0.1", port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        meter.Update([Row("127.0.0.1:8080", timeWait: 5, newConnections: 2), Row("127.0.0.1:9090", timeWait: 1, newConnections: 1)]);
        var first = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        meter.Update([Row("127.0.0.1:8080", timeWait: 7, newConnections: 3)]);
        var second = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

        Assert.Multiple(() =>
        {
            Assert.That(Value(first, "portload_port_space", "127.0.0.1:8080"), Is.EqualTo("28232"));
            Assert.That(Value(first, "portload_port_usage_ratio", "127.0.0.1:8080"), Is.EqualTo("0.5"));
            Assert.That(Value(first, "portload_seconds_to_exhaustion", "127.0.0.1:8080"), Is.EqualTo("+Inf"));
            Assert.That(first, Does.Contain("# TYPE portload_new_connections_total counter"));
            Assert.That(Value(second, "portload_new_connections_total", "127.0.0.1:8080"), Is.EqualTo("5"), "2, then 3 more");
            Assert.That(Value(second, "portload_ports_in_use", "127.0.0.1:8080", "state=\"time_wait\""), Is.EqualTo("7"));
            Assert.That(second, Does.Not.Contain("127.0.0.1:9090"), "a destination that drops out of the top is reported no more");
        });
    }

    private static WatchRow Row(string destination, long timeWait, long newConnections) =>
        new("127.0.0.1", destination, 3, timeWait, 0, 3 + timeWait, 28_232, 0.5, newConnections, newConnections, null, null);

    /// <summary>The value of the one series of <paramref name="metric"/> to <paramref name="dst"/> whose labels also contain <paramref name="label"/>.</summary>
    private static string Value(string text, string metric, string dst, string label = "") =>
        text.Split('\n').Single(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains($"dst=\"{dst}\"", StringComparison.Ordinal)
            && l.Contains(label, StringComparison.Ordinal)).Split(' ')[^1];
}
