using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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

    private HttpTestServer(WebApplication app, IPEndPoint endPoint, X509Certificate2? certificate)
    {
        _app = app;
        EndPoint = endPoint;
        Certificate = certificate;
    }

    public IPEndPoint EndPoint { get; }

    public X509Certificate2? Certificate { get; }

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <param name="tls">Serve HTTPS with a self-signed certificate made now (for localhost and the bound address).</param>
    public static async Task<HttpTestServer> StartAsync(IPEndPoint bindTo, TestServerOptions options, bool tls = false)
    {
        var certificate = tls ? SelfSigned(bindTo.Address) : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        HttpTestServer? server = null;
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Listen(bindTo, listen =>
            {
                listen.Use(next => context =>
                {
                    Interlocked.Increment(ref server!._accepted);
                    return next(context);
                });
                // HTTP/2 in the clear needs prior knowledge (h2c: HTTP/2 only); over TLS, ALPN picks either.
                listen.Protocols = !options.Http2 ? HttpProtocols.Http1 : certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var app = builder.Build();
        app.Run(context => EchoAsync(context, options));
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        server = new HttpTestServer(app, new IPEndPoint(bindTo.Address, port), certificate);
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

    private static X509Certificate2 SelfSigned(IPAddress address)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UnixEpoch.AddSeconds(Math.Floor(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 86400.0) * 86400);
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        // Kestrel wants the key in a form it can use on Linux: a PKCS#12 round trip gives it that.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
