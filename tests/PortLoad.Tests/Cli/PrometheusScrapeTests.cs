using System.Globalization;
using System.Text.Json;
using PortLoad.Recording;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Cli;

/// <summary>
/// #22: an isolated exhaustion run (workshop 01: 500 ports, per-request fails with EADDRNOTAVAIL after 5 s) served
/// with <c>run --prometheus</c>, scraped every second by a real Prometheus server; what Prometheus then answers agrees
/// with the run's own summary.json. <c>--web-linger</c> keeps the endpoint up after the run, so the last figures are
/// scraped too.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public class PrometheusScrapeTests
{
    [Test]
    public async Task Prometheus_SeesTheRunAsItsSummarySaysIt()
    {
        Namespaces.RequireOrIgnore();
        var metricsPort = Loopback.UnusedEndPoint().Port;
        using var prometheus = await PrometheusServer.StartAsync(metricsPort);
        var output = Path.Combine(Path.GetTempPath(), "portload-prom-" + Guid.NewGuid().ToString("N"));
        var scenario = Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "workshop", "01-pooling-vs-per-request.json");
        try
        {
            var (code, printed) = await CliProcess.RunAsync("", TimeSpan.FromSeconds(120), "run", scenario, "--no-live", "--out", output,
                "--prometheus", $"127.0.0.1:{metricsPort}", "--web", "--web-port", Loopback.UnusedEndPoint().Port.ToString(CultureInfo.InvariantCulture), "--web-linger", "4s");
            Assert.That(code, Is.Not.EqualTo(2).And.Not.EqualTo(1), printed);

            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
            var perRequest = summary.RootElement.GetProperty("strategies").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "per-request");
            var timeWaitPeak = await prometheus.QueryAsync("max_over_time(portload_ports_in_use{strategy=\"per-request\",state=\"time_wait\"}[5m])");
            var succeeded = await prometheus.QueryAsync("last_over_time(portload_requests_total{strategy=\"per-request\",outcome=\"succeeded\"}[5m])");
            var refused = await prometheus.QueryAsync("last_over_time(portload_requests_total{strategy=\"per-request\",failure=\"EADDRNOTAVAIL\"}[5m])");
            var pooled = await prometheus.QueryAsync("last_over_time(portload_requests_total{strategy=\"pooled\",outcome=\"succeeded\"}[5m])");
            var durations = await prometheus.QueryAsync("last_over_time(portload_request_duration_seconds_count{strategy=\"per-request\"}[5m])");
            var pooledConnections = await prometheus.QueryAsync("last_over_time(portload_connections_opened_total{strategy=\"pooled\"}[5m])");
            var pooledSummary = summary.RootElement.GetProperty("strategies")[1];
            var p99 = await prometheus.QueryAsync("histogram_quantile(0.99, sum by (le) (last_over_time(portload_request_duration_seconds_bucket{strategy=\"pooled\"}[5m])))");
            var summaryP99 = pooledSummary.GetProperty("latencyMs").GetProperty("p99").GetDouble() / 1000;
            var bucket = (Low: RunMeter.DurationBuckets.LastOrDefault(b => b < summaryP99), High: RunMeter.DurationBuckets.First(b => b >= summaryP99));

            TestContext.Out.WriteLine($"Prometheus: TIME_WAIT peak {timeWaitPeak}, per-request succeeded {succeeded}, EADDRNOTAVAIL {refused}, durations {durations}, pooled succeeded {pooled} over {pooledConnections} connections, p99 {p99} s (summary {summaryP99} s)");
            Assert.Multiple(() =>
            {
                Assert.That(timeWaitPeak, Is.EqualTo(perRequest.GetProperty("timeWait").GetProperty("peak").GetInt64()));
                Assert.That(succeeded, Is.EqualTo(perRequest.GetProperty("requests").GetProperty("succeeded").GetInt64()));
                Assert.That(refused, Is.EqualTo(perRequest.GetProperty("failures").GetProperty("EADDRNOTAVAIL").GetInt64()).And.GreaterThan(0));
                Assert.That(pooled, Is.EqualTo(pooledSummary.GetProperty("requests").GetProperty("succeeded").GetInt64()));
                Assert.That(durations, Is.EqualTo(succeeded), "a duration for each succeeded request, from the child's histogram");
                Assert.That(pooledConnections, Is.EqualTo(pooledSummary.GetProperty("connectionsOpened").GetInt64()));
                Assert.That(p99, Is.InRange(bucket.Low, bucket.High), "histogram_quantile interpolates within the bucket that holds summary.json's p99");
            });
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
