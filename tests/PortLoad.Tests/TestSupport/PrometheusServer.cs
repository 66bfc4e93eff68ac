using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PortLoad.Tests.TestSupport;

/// <summary>
/// A real Prometheus server (Debian's package: installed, or unpacked into .tools/prometheus by .ci/run) on 127.0.0.1,
/// scraping one target every second into a temporary folder, and asked through its HTTP API. It ends by itself
/// after <see cref="Lifetime"/>, should the test host die first.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private PrometheusServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        _http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public static async Task<PrometheusServer> StartAsync(int targetPort)
    {
        var program = new[] { "/usr/bin/prometheus", Path.Combine(ScenarioJson.RepoRoot(), ".tools/prometheus/usr/bin/prometheus") }.FirstOrDefault(File.Exists)
            ?? throw new IgnoreException("needs a Prometheus server: apt-get install prometheus, or .ci/run, which unpacks Debian's package into .tools/prometheus");
        var folder = Directory.CreateTempSubdirectory("portload-prometheus-").FullName;
        var port = Loopback.UnusedEndPoint().Port;
        File.WriteAllText(Path.Combine(folder, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: portload
                static_configs:
                  - targets: ["127.0.0.1:{targetPort}"]
            """);
        var start = new ProcessStartInfo("timeout") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            ((int)Lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture), program, $"--config.file={folder}/prometheus.yml",
            $"--storage.tsdb.path={folder}/data", $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, port);
        var ready = await Eventually.ValueAsync(server.IsReady, r => r, TimeSpan.FromSeconds(30));
        if (!ready)
        {
            server.Dispose();
            Assert.Fail("Prometheus did not become ready within 30 s");
        }

        return server;
    }

    /// <summary>An instant query's one value; null when it has no result.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        var json = await _http.GetStringAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promql), UriKind.Relative));
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private bool IsReady()
    {
        try
        {
            return _http.GetAsync(new Uri("-/ready", UriKind.Relative)).Result.IsSuccessStatusCode;
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
