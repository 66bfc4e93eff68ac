using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace PortLoad.Cli.Output;

/// <summary>
/// A page on 127.0.0.1 (Kestrel) and its server-sent events: every half second the latest state, as JSON, to every
/// open page; /report serves a results folder's report.html once there is one. <c>run --web</c> and <c>watch --web</c>
/// each bring their own page and state.
/// </summary>
internal sealed class LivePage : IAsyncDisposable
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private readonly WebApplication _app;
    private readonly Func<string> _state;

    private LivePage(WebApplication app, Func<string> state, string url)
    {
        _app = app;
        _state = state;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The results folder whose report.html /report serves; null: none yet.</summary>
    public string? ReportFolder { get; set; }

    public static async Task<LivePage> StartAsync(int port, string html, Func<string> state)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var page = new LivePage(app, state, url);
        app.MapGet("/", () => HttpResults.Content(html, "text/html; charset=utf-8"));
        app.MapGet("/events", page.StreamAsync);
        app.MapGet("/report", () => page.ReportFolder is { } folder && File.Exists(Path.Combine(folder, "report.html"))
            ? HttpResults.File(Path.Combine(folder, "report.html"), "text/html; charset=utf-8")
            : HttpResults.NotFound());
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
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var stop = context.RequestAborted;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await context.Response.WriteAsync($"data: {_state()}\n\n", stop).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stop).ConfigureAwait(false);
                await Task.Delay(Tick, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
    }
}
