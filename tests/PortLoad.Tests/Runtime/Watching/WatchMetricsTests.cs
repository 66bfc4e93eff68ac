using System.Net;
using PortLoad.Tests.TestSupport;
using PortLoad.Watching;

namespace PortLoad.Tests.Watching;

/// <summary>
/// watch --prometheus answers whatever name reaches the address it bound (regression, #26 item 16: bound as
/// localhost it answered 404 to 127.0.0.1, and [::1] and 0.0.0.0 were refused by HttpListener's prefixes).
/// </summary>
public class WatchMetricsTests
{
    [TestCase("localhost", "127.0.0.1")]
    [TestCase("localhost", "localhost")]
    [TestCase("127.0.0.1", "localhost")]
    [TestCase("[::1]", "[::1]")]
    [TestCase("0.0.0.0", "127.0.0.1")]
    public async Task Metrics_AnswerAnyNameOfTheBoundAddress(string bind, string scrape)
    {
        var port = Loopback.UnusedEndPoint().Port;
        using var metrics = new WatchMetrics(bind, port);
        metrics.Update([new WatchRow("127.0.0.1", "127.0.0.1:8080", 3, 5, 0, 8, 28_232, 8 / 28_232.0, 2, 1, null, null)]);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://{scrape}:{port}/metrics"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("portload_ports_in_use{src=\"127.0.0.1\",dst=\"127.0.0.1:8080\",state=\"time_wait\"} 5"));
    }
}
