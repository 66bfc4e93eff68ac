using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PortLoad.Recording;
using PortLoad.Runs;
using PortLoad.Sampling;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Runtime.Runs;

/// <summary>
/// <c>run --otlp</c>: the real OpenTelemetry OTLP exporter pushing to a receiver of the test's own (real HTTP, on
/// loopback), and a run whose receiver is down.
/// </summary>
public class MetricsPushTests
{
    [Test]
    public async Task Push_SendsTheMeterAsOtlpProtobuf_ToV1Metrics()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        var port = Loopback.UnusedEndPoint().Port;
        await using var receiver = await ReceiverAsync(port, received);
        var time = new FakeTimeProvider();
        var recorder = new RunRecorder(time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        recorder.Start();
        RecordedRequests.Send(time, recorder, TimeSpan.FromMilliseconds(20), FailureKind.None);
        recorder.OnSample(new SocketCounts(42, 1, 42));
        var strategy = "otlp-" + Guid.NewGuid().ToString("N")[..8];
        using var meter = new RunMeter();
        meter.Follow(strategy, recorder, 28_232);

        using (var push = new MetricsPush(new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromMilliseconds(200)))
        {
            Assert.That(push.Endpoint, Is.EqualTo(new Uri($"http://127.0.0.1:{port}/v1/metrics")));
            await Eventually.ValueAsync(() => received.Any(r => Contains(r.Body, strategy)), seen => seen, TimeSpan.FromSeconds(10));
        }

        var ours = received.Where(r => Contains(r.Body, strategy)).ToList();
        Assert.That(ours, Is.Not.Empty, "an export carrying this test's strategy arrived");
        Assert.Multiple(() =>
        {
            Assert.That(ours.Select(r => r.Path), Is.All.EqualTo("/v1/metrics"));
            Assert.That(ours.Select(r => r.ContentType), Is.All.EqualTo("application/x-protobuf"));
            // Protobuf keeps strings as UTF-8: the meter's and instruments' names are there as written.
            Assert.That(new[] { "PortLoad", "portload.requests", "portload.request.duration", "portload.connections.opened", "portload.ports.in_use", "portload.port_space", "time_wait" }.Where(n => !Contains(ours[^1].Body, n)), Is.Empty);
        });
    }

    // The network rule's other half: a collector that is down never slows or fails the run.
    [Test]
    [Category(TestCategories.RealLoad)]
    public async Task Run_WithTheReceiverDown_KeepsItsFigures()
    {
        var folder = Directory.CreateTempSubdirectory("portload-otlp-").FullName;
        try
        {
            var scenario = Path.Combine(folder, "s.json");
            File.WriteAllText(scenario, ScenarioJson.Valid);
            var down = Loopback.UnusedEndPoint().Port; // bound, then released: nothing listens there

            var (code, printed) = await CliProcess.RunAsync("", TimeSpan.FromSeconds(60), "run", scenario, "--no-live", "--out", Path.Combine(folder, "out"),
                "--otlp", $"http://127.0.0.1:{down.ToString(CultureInfo.InvariantCulture)}");

            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "out", "summary.json")));
            var requests = summary.RootElement.GetProperty("strategies")[0].GetProperty("requests");
            Assert.That(code, Is.EqualTo(0), printed);
            Assert.That((requests.GetProperty("attempted").GetInt64(), requests.GetProperty("failed").GetInt64()), Is.EqualTo((100L, 0L)), "100/s for 1 s, as without --otlp");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static async Task<WebApplication> ReceiverAsync(int port, ConcurrentQueue<(string, string?, byte[])> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}/");
        var app = builder.Build();
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path.Value!, context.Request.ContentType, body.ToArray()));
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
