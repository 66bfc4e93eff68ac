using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PortLoad.Cli.Output;
using PortLoad.Results;
using PortLoad.Runs;
using PortLoad.Watching;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary>
/// <c>portload watch</c>: a real host's (or a container's) client ports, per destination, every interval:
/// usage against the port space, new connections a second, and when the space runs out at this rate.
/// Read-only: it sends nothing and changes nothing.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var interval = CliOptions.Duration("--interval", "How often to sample, 100ms to 1h, e.g. 1s, 500ms", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), min: TimeSpan.FromMilliseconds(100));
        var netns = new Option<string?>("--netns") { Description = "Watch this network namespace, e.g. /proc/1234/ns/net (root)" };
        var pid = CliOptions.Between(new Option<int?>("--pid") { Description = "Watch the network namespace of this process (a container's), e.g. 1234 (root)" }, 1, int.MaxValue);
        var top = CliOptions.Between(new Option<int>("--top") { Description = "Destinations shown (and labelled in metrics), most used first (1-1000)", DefaultValueFactory = _ => 10 }, 1, 1000);
        var json = new Option<bool>("--json") { Description = "One JSON line per sample, for scripts" };
        var prometheus = CliOptions.Endpoint("--prometheus", "Serve Prometheus metrics at http://HOST:PORT/metrics, e.g. 127.0.0.1:9464");
        var count = CliOptions.Between(new Option<int>("--count") { Description = "Stop after this many samples (0: until Ctrl+C)", DefaultValueFactory = _ => 0 }, 0, int.MaxValue);
        var web = new Option<bool>("--web") { Description = "Also serve the view as a page on 127.0.0.1 (see --web-port)" };
        var webPort = CliOptions.Port("--web-port", "The page's port", 5080);
        var command = new Command("watch", "Watch a host's client ports per destination, with a forecast of exhaustion; read-only")
        {
            interval, netns, pid, top, json, prometheus, count, web, webPort,
        };
        CliOptions.Excludes(netns, "--netns and --pid cannot both be given: each names the namespace to watch", pid);
        command.SetAction((parse, token) => RunAsync(
            parse.GetValue(interval), parse.GetValue(netns), parse.GetValue(pid), parse.GetValue(top), parse.GetValue(json), parse.GetValue(prometheus), parse.GetValue(count),
            parse.GetValue(web) ? parse.GetValue(webPort) : null, token));
        return command;
    }

    private static async Task<int> RunAsync(TimeSpan interval, string? netns, int? pid, int top, bool json, (string Host, int Port)? endpoint, int count, int? webPort, CancellationToken token)
    {
        var path = pid is { } p ? $"/proc/{p.ToString(CultureInfo.InvariantCulture)}/ns/net" : netns;
        Watcher watcher;
        Sampling.NetlinkSocketCounter counter;
        try
        {
            (counter, var hostFacts) = WatchedNamespace.Open(path);
            watcher = new Watcher(hostFacts, TimeProvider.System);
        }
        catch (UnauthorizedAccessException e) when (path is not null)
        {
            return Refuse($"{path}: {NamespaceAccess.Explain(path) ?? e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return Refuse($"{(path is null ? "watch" : path)}: {e.Message}");
        }

        using var _ = counter;
        using var meter = new WatchMeter();
        MetricsEndpoint? metrics;
        try
        {
            metrics = endpoint is { } ep ? await MetricsEndpoint.StartAsync(ep.Host, ep.Port) : null;
        }
        catch (IOException e)
        {
            return Refuse($"--prometheus {endpoint!.Value.Host}:{endpoint.Value.Port}: cannot listen there ({e.Message})");
        }

        await using var metricsScope = metrics;
        var f = watcher.Facts;
        var facts = Invariant.Format($"watching {path ?? "this namespace"}: range {f.EphemeralPortRange} ({f.EphemeralPortRange.Size:N0} ports), tcp_tw_reuse {f.TcpTwReuse?.ToString(CultureInfo.InvariantCulture) ?? "?"}, TIME_WAIT {f.TimeWaitSeconds} s");
        var feed = new LiveFeed();
        feed.Publish(JsonSerializer.Serialize(new { facts, destinations = Array.Empty<WatchRow>() }, JsonLines), []);
        LivePage? page;
        try
        {
            page = webPort is { } port ? await LivePage.StartAsync(port, WatchPage.Html, feed) : null;
        }
        catch (IOException e)
        {
            return Refuse(e.Message);
        }

        await using var pageScope = page;
        using var signals = new StopSignals(token, quiet: json, stopping: "ending the watch");
        var console = Consoles.Create();
        if (!json)
        {
            console.MarkupLineInterpolated($"{facts}{(metrics is null ? "" : $"; metrics at http://{endpoint!.Value.Host}:{endpoint.Value.Port}/metrics")}{(page is null ? "" : $"; page at {page.Url}")}");
        }

        for (var sample = 1; !signals.Token.IsCancellationRequested; sample++)
        {
            var started = TimeProvider.System.GetTimestamp();
            var table = SocketTable.Take(counter);
            // Socket inodes are unique on the machine, so the host's /proc finds the owners in any namespace.
            var owners = ProcessOwners.Read();
            var rows = watcher.Next(table, top, inodes => ProcessOwners.MostOf(inodes, owners));
            meter.Update(rows.Select(r => r.Row));
            if (page is not null)
            {
                feed.Publish(JsonSerializer.Serialize(new { facts, destinations = rows.Select(r => r.Row) }, JsonLines), []);
            }
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { t = TimeProvider.System.GetUtcNow(), sampleMs = Math.Round(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds, 2), destinations = rows.Select(r => r.Row) }, JsonLines));
            }
            else
            {
                DestinationTable.Write(console, rows.Select(r => r.Row).ToList(), TimeProvider.System.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            }

            if (count > 0 && sample >= count)
            {
                break;
            }

            try
            {
                await Task.Delay(interval, signals.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return signals.Received is null ? ExitCodes.Ok : signals.ExitCode;
    }

    private static readonly JsonSerializerOptions JsonLines = new(ResultJson.Options) { WriteIndented = false };

    private static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.InvalidInput;
    }
}
