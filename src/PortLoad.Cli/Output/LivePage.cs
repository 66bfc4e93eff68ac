using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace PortLoad.Cli.Output;

/// <summary>
/// A page on 127.0.0.1 (Kestrel) and its server-sent events, from a <see cref="LiveFeed"/>: each update's figures to
/// every open page, a chart only when it changed; /report serves a results folder's report.html once there is one.
/// <c>run --web</c> and <c>watch --web</c> each bring their own page and feed. What it costs the run is bounded: at most
/// <see cref="MaxPages"/> pages at once (more are answered 503), and a page that has not taken an update within
/// <see cref="SlowPageTimeout"/> is closed (a browser's EventSource then reconnects by itself).
/// </summary>
internal sealed class LivePage : IAsyncDisposable
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    public const int MaxPages = 50;
    public static readonly TimeSpan SlowPageTimeout = TimeSpan.FromSeconds(5);
    private readonly WebApplication _app;
    private readonly LiveFeed _feed;
    private readonly CancellationTokenSource _closing = new();
    private int _pages;

    private LivePage(WebApplication app, LiveFeed feed, string url)
    {
        _app = app;
        _feed = feed;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Event streams open now.</summary>
    public int OpenPages => Volatile.Read(ref _pages);

    /// <summary>The results folder whose report.html /report serves; null: none yet.</summary>
    public string? ReportFolder { get; set; }

    /// <param name="routes">More of the page's own endpoints (the workshop's buttons), mapped beside the page's.</param>
    public static async Task<LivePage> StartAsync(int port, string html, LiveFeed feed, Action<WebApplication>? routes = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var page = new LivePage(app, feed, url);
        app.MapGet("/", () => HttpResults.Content(html, "text/html; charset=utf-8"));
        app.MapGet("/events", page.StreamAsync);
        app.MapGet("/report", () => page.ReportFolder is { } folder && File.Exists(Path.Combine(folder, "report.html"))
            ? HttpResults.File(Path.Combine(folder, "report.html"), "text/html; charset=utf-8")
            : HttpResults.NotFound());
        routes?.Invoke(app);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"--web-port {port.ToString(CultureInfo.InvariantCulture)}: cannot listen on {url} ({e.Message}); give another port", e);
        }

        return page;
    }

    public async ValueTask DisposeAsync()
    {
        // The streams end first: Kestrel's stop waits for open requests, and a stream would run until its page left.
        await _closing.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    private async Task StreamAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _pages) > MaxPages)
        {
            Interlocked.Decrement(ref _pages);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync($"PortLoad serves at most {MaxPages.ToString(CultureInfo.InvariantCulture)} open pages at once; close one and reload.\n").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _closing.Token);
        using var slow = CancellationTokenSource.CreateLinkedTokenSource(ended.Token);
        var sent = new Dictionary<string, long>();
        try
        {
            await context.Response.Body.FlushAsync(ended.Token).ConfigureAwait(false); // Headers now: the page is open before the first update.
            for (var sequence = 0L; ;)
            {
                var update = await _feed.NextAsync(sequence, ended.Token).ConfigureAwait(false);
                sequence = update.Sequence;
                slow.CancelAfter(SlowPageTimeout);
                foreach (var chart in update.Charts.Where(c => sent.GetValueOrDefault(c.Key, -1) != c.Version))
                {
                    await context.Response.Body.WriteAsync(chart.Bytes, slow.Token).ConfigureAwait(false);
                    sent[chart.Key] = chart.Version;
                }

                await context.Response.Body.WriteAsync(update.Figures, slow.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(slow.Token).ConfigureAwait(false);
                slow.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // It took no update for SlowPageTimeout, or the page server is closing: the connection goes at once, where
            // ending the response would wait for a page that reads nothing.
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
        finally
        {
            Interlocked.Decrement(ref _pages);
        }
    }
}
