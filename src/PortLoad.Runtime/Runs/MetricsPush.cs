using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using PortLoad.Recording;

namespace PortLoad.Runs;

/// <summary>
/// <c>run --otlp URL</c>: the run's Meter (<see cref="RunMeter"/>) pushed to an OpenTelemetry collector or backend over
/// OTLP/HTTP (protobuf), every <see cref="DefaultInterval"/> on the exporter's own thread, and once more when the run ends.
/// A collector that is down costs the run nothing: an export that fails is dropped (and tried again at the next
/// interval), and each gives up after <see cref="ExportTimeout"/>.
/// </summary>
public sealed class MetricsPush : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(2);
    private readonly MeterProvider _provider;

    /// <param name="endpoint">An http(s) URL; with no path, OTLP's <c>/v1/metrics</c> is added, as the OTEL_EXPORTER_OTLP_ENDPOINT convention does.</param>
    public MetricsPush(Uri endpoint, TimeSpan? interval = null)
    {
        Endpoint = endpoint.AbsolutePath is "" or "/" ? new Uri(endpoint, "/v1/metrics") : endpoint;
        _provider = Instruments(Sdk.CreateMeterProviderBuilder())
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = Endpoint;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.TimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)(interval ?? DefaultInterval).TotalMilliseconds;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build();
    }

    /// <summary>Where the metrics go: the URL given, with /v1/metrics when it had no path.</summary>
    public Uri Endpoint { get; }

    /// <summary>Pushes the last figures, then stops.</summary>
    public void Dispose() => _provider.Dispose();

    /// <summary>
    /// What both exporters publish: the run's Meter, and of what System.Net.Http publishes, the pooled handler's view of
    /// its pool (open connections by state, how long connections live); its per-request instruments are left out.
    /// </summary>
    public static MeterProviderBuilder Instruments(MeterProviderBuilder builder) => builder
        .AddMeter(RunMeter.MeterName, HttpMeter)
        .AddView(instrument => instrument.Meter.Name == HttpMeter && instrument.Name is not ("http.client.open_connections" or "http.client.connection.duration")
            ? MetricStreamConfiguration.Drop
            : null);

    private const string HttpMeter = "System.Net.Http";

    /// <summary>Why <paramref name="text"/> is not an OTLP endpoint; null: it is one.</summary>
    public static string? Problem(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && string.IsNullOrEmpty(uri.Query)
            ? null
            : $"\"{text}\" is not an http(s) URL of an OTLP receiver, e.g. http://127.0.0.1:4318";
}
