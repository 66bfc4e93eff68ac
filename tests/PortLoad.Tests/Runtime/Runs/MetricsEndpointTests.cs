using System.Net;
using Microsoft.Extensions.Time.Testing;
using PortLoad.Recording;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Runtime.Runs;

/// <summary>
/// <c>run --prometheus</c>'s endpoint (real Kestrel, a real HTTP scrape): the run's Meter in Prometheus's text format,
/// under the names Prometheus users expect.
/// </summary>
public class MetricsEndpointTests
{
    [Test]
    public async Task Scrape_ShowsTheMeterUnderPrometheusNames()
    {
        var time = new FakeTimeProvider();
        var recorder = new RunRecorder(time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        RecordedRequests.Send(time, recorder, TimeSpan.FromMilliseconds(10), FailureKind.None, FailureKind.EADDRNOTAVAIL, FailureKind.None);

        recorder.OnSample(new SocketCounts(300, 8, 300));
        // A name of this test's own: other tests' meters in this process are named PortLoad too.
        var strategy = "scrape-" + Guid.NewGuid().ToString("N")[..8];
        using var meter = new RunMeter(new Segment(2, 3));
        meter.Follow(strategy, recorder, 28_232);
        var port = Loopback.UnusedEndPoint().Port;
        await using var server = await MetricsEndpoint.StartAsync("127.0.0.1", port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.Contains($"strategy=\"{strategy}\"", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Series(lines, "portload_requests_total", "outcome=\"succeeded\""), Is.EqualTo("2"));
            Assert.That(Series(lines, "portload_requests_total", "failure=\"EADDRNOTAVAIL\""), Is.EqualTo("1"));
            Assert.That(Series(lines, "portload_ports_in_use", "state=\"time_wait\""), Is.EqualTo("300"));
            Assert.That(Series(lines, "portload_ports_in_use", "state=\"established\""), Is.EqualTo("8"));
            Assert.That(Series(lines, "portload_port_space", "segment=\"2/3\""), Is.EqualTo("28232"));
            Assert.That(Series(lines, "portload_retries_total", "strategy="), Is.EqualTo("0"));
            Assert.That(Series(lines, "portload_connections_opened_total", "strategy="), Is.EqualTo("0"));
            Assert.That(Series(lines, "portload_request_duration_seconds_count", "strategy="), Is.EqualTo("2"), "the succeeded requests");
            Assert.That(Series(lines, "portload_request_duration_seconds_bucket", "le=\"0.005\""), Is.EqualTo("0"));
            Assert.That(Series(lines, "portload_request_duration_seconds_bucket", "le=\"0.025\""), Is.EqualTo("2"), "10 ms each");
            Assert.That(double.Parse(Series(lines, "portload_request_duration_seconds_sum", "strategy="), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(0.02).Within(0.05).Percent);
        });
    }

    [Test]
    public void Start_OnAPortInUse_ThrowsIOException()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();

        Assert.That(
            async () => await (await MetricsEndpoint.StartAsync("127.0.0.1", ((IPEndPoint)taken.LocalEndpoint).Port)).DisposeAsync(),
            Throws.InstanceOf<IOException>());
    }

    [Test]
    public void Start_OnAnAddressNotThisHosts_ThrowsIOException()
    {
        // 192.0.2.1 (TEST-NET-1, documentation only) is no address of this host: binding it fails, nothing is sent.
        Assert.That(
            async () => await (await MetricsEndpoint.StartAsync("192.0.2.1", Loopback.UnusedEndPoint().Port)).DisposeAsync(),
            Throws.InstanceOf<IOException>());
    }

    /// <summary>The value of the one series of <paramref name="metric"/> whose labels contain <paramref name="label"/>.</summary>
    private static string Series(List<string> lines, string metric, string label) =>
        lines.Single(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal)).Split(' ')[^1];
}
