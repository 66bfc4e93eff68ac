using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// One HTTP request/response as the HTTP senders make it: the scenario's method, headers and body (by default
/// the payload POSTed to the embedded echo server), and a verdict from what the request expects. A status
/// outside it fails by its class (HTTP_429, HTTP_503, HTTP_4xx, HTTP_5xx, HTTP_UNEXPECTED), never as OTHER.
/// </summary>
internal sealed class HttpExchange(ConnectionTarget target, CloseBy closeBy)
{
    private readonly HttpExpectation _expect = HttpExpectation.For(target);
    private readonly byte[] _body = Body(target);
    private readonly HttpMethod _method = Method(target);

    /// <summary>The scenario's method, else POST of the payload to the embedded echo server, else GET.</summary>
    public static HttpMethod Method(ConnectionTarget target) => target.Request.Method is { } m ? new HttpMethod(m)
        : target.Expect.Echo && target.Request.PayloadBytes > 0 ? HttpMethod.Post : HttpMethod.Get;

    /// <summary>The body's content type, when there is a body: the scenario's text, else bytes.</summary>
    public static string ContentType(ConnectionTarget target) => target.Request.Body is null ? "application/octet-stream" : "text/plain";

    private readonly TimeoutPool _timeouts = new(target.Request.Timeout);

    /// <summary>
    /// Sends through the handler itself (an <see cref="HttpMessageInvoker"/>: no HttpClient timeout source linked per
    /// request; the request's own timeout covers it all) and reads the whole body into a pooled buffer.
    /// </summary>
    public async ValueTask<FailureKind> SendAsync(HttpMessageInvoker invoker, Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = _timeouts.Rent(cancellationToken);
        try
        {
            using var request = Create(uri);
            using var response = await invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var length = await ReadBodyAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return _expect.Verdict((int)response.StatusCode, length);
        }
        catch (Exception e)
        {
            return FailureClassifier.Classify(e);
        }
    }

    /// <summary>The body's length, read to its end (so the connection is free for the next request).</summary>
    private static async ValueTask<long> ReadBodyAsync(HttpContent content, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                long length = 0;
                for (int n; (n = await stream.ReadAsync(buffer, token).ConfigureAwait(false)) > 0;)
                {
                    length += n;
                }

                return length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private HttpRequestMessage Create(Uri uri)
    {
        var request = new HttpRequestMessage(_method, uri);
        if (target.Http2)
        {
            request.Version = System.Net.HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        if (_body.Length > 0 || target.Request.Body is not null)
        {
            request.Content = new ByteArrayContent(_body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType(target));
        }

        foreach (var (name, value) in target.Request.Headers)
        {
            // Content headers (Content-Type, ...) belong to the body; the rest to the request.
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is not null)
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (closeBy == CloseBy.Server)
        {
            // Asks the server to close after its response, so the server closes first.
            request.Headers.ConnectionClose = true;
        }

        return request;
    }

    public static byte[] Body(ConnectionTarget target) => target.Request switch
    {
        { Body: { } text } => Encoding.UTF8.GetBytes(text),
        { BodyBytes: { } size } => ConnectionTarget.CreatePayload(size),
        _ when target.Expect.Echo => target.Payload(pooled: false),
        _ => [],
    };
}
