using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Watching;

/// <summary>
/// <c>portload watch --pid</c> from the host, looking into a namespace the test makes (1,000-port range,
/// tcp_tw_reuse 0) where a per-request client opens 100 connections a second to an embedded server.
/// </summary>
[NonParallelizable]
[Category(TestCategories.RealLoad)]
public partial class WatchCommandTests
{
    private const double Rate = 100;
    private const int Range = 1000;

    [Test]
    public async Task WatchJson_SeesTheNewConnectionRate_AndForecastsRangeOverRate()
    {
        using var holder = new Killed(StartNamespace());
        using var load = new Killed(StartLoad(holder.Process.Id));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var (code, output) = await CliProcess.RunAsync("", TimeSpan.FromSeconds(30), "watch", "--pid", holder.Process.Id.ToString(CultureInfo.InvariantCulture), "--json", "--interval", "1s", "--count", "4");

        Assert.That(code, Is.Zero, output);
        var samples = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(samples, Has.Count.EqualTo(4));
        foreach (var sample in samples.Skip(1))
        {
            var row = sample.GetProperty("destinations").EnumerateArray().First();
            var inUse = row.GetProperty("inUse").GetInt64();
            var rate = row.GetProperty("newPerSecond").GetDouble();
            Assert.That(row.GetProperty("portSpace").GetInt64(), Is.EqualTo(Range), "the watched namespace's range, not the host's");
            Assert.That(row.GetProperty("destination").GetString(), Does.StartWith("127.0.0.1:"));
            Assert.That(rate, Is.EqualTo(Rate).Within(15).Percent);
            Assert.That(row.GetProperty("timeWait").GetInt64(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("secondsToExhaustion").GetDouble(), Is.EqualTo((Range - inUse) / Rate).Within(10).Percent, "range / rate, less what is in use");
            Assert.That(sample.GetProperty("sampleMs").GetDouble(), Is.GreaterThan(0));
        }
    }

    [Test]
    public async Task WatchPrometheus_ServesPerDestinationSeries()
    {
        using var holder = new Killed(StartNamespace());
        using var load = new Killed(StartLoad(holder.Process.Id));
        var port = Loopback.UnusedEndPoint().Port;
        // Up to 30 s of samples, ended as soon as one has been scraped: a cold start on a busy machine (the test host's
        // other tests) once left a 12-sample watch too few samples to be scraped in time.
        using var watch = new Killed(CliProcess.Start("", "watch", "--pid", holder.Process.Id.ToString(CultureInfo.InvariantCulture), "--prometheus", $"127.0.0.1:{port}", "--interval", "500ms", "--count", "60"));
        using var http = new HttpClient();

        var text = await Eventually.ValueAsync(
            () => Scrape(http, port),
            // The first sample has no rate yet (its forecast is +Inf, "never"): wait for one that has.
            t => Value(t, "portload_ports_in_use", "time_wait") > 0 && double.IsFinite(Value(t, "portload_seconds_to_exhaustion", null)),
            TimeSpan.FromSeconds(25));

        Assert.Multiple(() =>
        {
            Assert.That(Value(text, "portload_port_space", null), Is.EqualTo(Range));
            Assert.That(Value(text, "portload_port_usage_ratio", null), Is.GreaterThan(0).And.LessThanOrEqualTo(1));
            Assert.That(Value(text, "portload_seconds_to_exhaustion", null), Is.GreaterThan(0).And.LessThan(Range / Rate * 1.25), "about range / rate (500 ms samples: the rate is noisier)");
            Assert.That(text, Does.Contain("# TYPE portload_new_connections_total counter"));
            Assert.That(Series().Matches(text).Select(m => m.Groups["dst"].Value).Distinct().Count(), Is.LessThanOrEqualTo(10), "labels bounded by --top");
        });
    }

    private static string Scrape(HttpClient http, int port)
    {
        try
        {
            return http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    [Test]
    [Category(TestCategories.Browser)]
    public async Task WatchWeb_PageListsTheDestination_AndItsUsageGrows()
    {
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        using var holder = new Killed(StartNamespace());
        using var load = new Killed(StartLoad(holder.Process.Id));
        var port = Loopback.UnusedEndPoint().Port;
        using var watch = new Killed(CliProcess.Start("", "watch", "--pid", holder.Process.Id.ToString(CultureInfo.InvariantCulture), "--web", "--web-port", port.ToString(CultureInfo.InvariantCulture), "--interval", "500ms", "--count", "20"));
        var errors = new List<string>();
        var page = await HeadlessChromium.PageAsync(browser, errors);

        await HeadlessChromium.OpenWhenUpAsync(page, $"http://127.0.0.1:{port}/", TimeSpan.FromSeconds(15));
        var row = page.Locator("#rows tr[data-destination^='127.0.0.1:'] td:nth-child(3)");
        await row.WaitForAsync(new Microsoft.Playwright.LocatorWaitForOptions { Timeout = 15_000 });
        var first = long.Parse((await row.InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        await page.WaitForTimeoutAsync(1500);
        var second = long.Parse((await row.InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

        Assert.That(second, Is.GreaterThan(first), "TIME_WAIT grows at 100 connections a second");
        Assert.That(await page.InnerTextAsync("#facts"), Does.Contain("40000-40999"));
        Assert.That(errors, Is.Empty);
    }

    /// <summary>A series' value from the exposition text (the first with the state, if given, towards 127.0.0.1).</summary>
    private static double Value(string text, string name, string? state)
    {
        foreach (Match m in Series().Matches(text))
        {
            if (m.Groups["name"].Value == name && (state is null || m.Groups["labels"].Value.Contains($"state=\"{state}\"", StringComparison.Ordinal))
                && m.Groups["dst"].Value.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            {
                // Prometheus's text format writes infinities as +Inf and -Inf, which double.Parse does not read.
                return m.Groups["value"].Value switch
                {
                    "+Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    var v => double.Parse(v, CultureInfo.InvariantCulture),
                };
            }
        }

        return double.NaN;
    }

    [GeneratedRegex("""^(?<name>portload_[a-z_]+)\{(?<labels>[^}]*dst="(?<dst>[^"]+)"[^}]*)\} (?<value>\S+)$""", RegexOptions.Multiline)]
    private static partial Regex Series();

    /// <summary>A namespace of the test's own, held open by a sleeping process: 1,000 ports, tcp_tw_reuse 0.</summary>
    private static Process StartNamespace()
    {
        Namespaces.RequireOrIgnore();
        var start = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--net", "bash", "-c", $"ip link set lo up && echo '40000 {40000 + Range - 1}' > /proc/sys/net/ipv4/ip_local_port_range && echo 0 > /proc/sys/net/ipv4/tcp_tw_reuse && echo ready && exec sleep 60" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        Assert.That(process.StandardOutput.ReadLine(), Is.EqualTo("ready"));
        return process;
    }

    /// <summary>portload run in that namespace: per-request, client closes, 100/s for 8 s, no warm-up.</summary>
    private static Process StartLoad(int holder)
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"portload-watch-{Guid.NewGuid():N}.json");
        File.WriteAllText(scenario, $$"""
            { "name": "watched", "target": { "server": "embedded", "protocol": "tcp-echo" }, "warmUp": null,
              "load": [ { "inject": { "rate": {{Rate}}, "during": "8s" } } ],
              "strategies": [ { "name": "per-request", "connections": "per-request", "closeBy": "client" } ] }
            """);
        return CliProcess.Start($"nsenter --net=/proc/{holder}/ns/net --", "run", scenario, "--no-live", "--out", Path.Combine(Path.GetTempPath(), $"portload-watch-{Guid.NewGuid():N}"));
    }

    /// <summary>A process stopped, with whatever it started, when the test ends.</summary>
    private sealed class Killed(Process process) : IDisposable
    {
        public Process Process => process;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}
