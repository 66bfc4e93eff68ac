using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PortLoad.Server;

/// <summary>
/// An HTTP/1.1 server on Kestrel that echoes the request body. When it closes first it answers
/// with "Connection: close", so Kestrel closes the connection after the response.
/// </summary>
public sealed class HttpTestServer : ITestServer
{
    private readonly WebApplication _app;
    private long _accepted;

    private HttpTestServer(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public long Accepted => Interlocked.Read(ref _accepted);

    public static async Task<HttpTestServer> StartAsync(IPEndPoint bindTo, TestServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        HttpTestServer? server = null;
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Listen(bindTo, listen => listen.Use(next => context =>
            {
                Interlocked.Increment(ref server!._accepted);
                return next(context);
            }));
        });

        var app = builder.Build();
        app.Run(context => EchoAsync(context, options));
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        server = new HttpTestServer(app, new IPEndPoint(bindTo.Address, port));
        return server;
    }

    private static async Task EchoAsync(HttpContext context, TestServerOptions options)
    {
        await options.ThinkAsync(context.RequestAborted).ConfigureAwait(false);
        if (options.ClosesFirst)
        {
            context.Response.Headers.Connection = "close";
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
