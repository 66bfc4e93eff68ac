using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PortLoad.Recording;

namespace PortLoad.Runs;

/// <summary>
/// <c>run --prometheus HOST:PORT</c> and <c>watch --prometheus</c>: the process's <c>PortLoad</c> Meter (a run's
/// <see cref="RunMeter"/>, watch's <c>WatchMeter</c>) at /metrics, by OpenTelemetry's Prometheus exporter on Kestrel,
/// which answers whatever name reaches the bound address. Chosen over prometheus-net's meter adapter, which names a metric after its meter
/// too (<c>portload_portload_requests</c>) and shows counters as gauges: OpenTelemetry gives the names Prometheus
/// users expect (<c>portload_requests_total</c>, <c>portload_ports_in_use</c>), and the same SDK pushes OTLP. Its
/// Prometheus exporter is a beta on NuGet; it is pinned. A scrape collects the instruments then and there.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly MeterProvider _provider;
    private readonly WebApplication _app;

    private MetricsEndpoint(MeterProvider provider, WebApplication app)
    {
        _provider = provider;
        _app = app;
    }

    public string Url => _app.Urls.First() + "metrics";

    /// <exception cref="IOException">The address cannot be listened on (a port in use, an address not this host's).</exception>
    public static async Task<MetricsEndpoint> StartAsync(string host, int port)
    {
        var provider = MetricsPush.Instruments(Sdk.CreateMeterProviderBuilder())
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)
            .Build();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}/");
        var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(provider, predicate: null, path: "/metrics", configureBranchedPipeline: null, optionsName: null);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            provider.Dispose();
            // Kestrel says "address in use" as an IOException, "not this host's" as a bare SocketException.
            throw e is System.Net.Sockets.SocketException ? new IOException(e.Message, e) : e;
        }

        return new MetricsEndpoint(provider, app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _provider.Dispose();
    }
}
