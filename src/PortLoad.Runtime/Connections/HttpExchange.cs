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
    private readonly ExpectedResponse _expect = target.Expect;
    private readonly byte[] _body = Body(target);
    private readonly HttpMethod _method = target.Request.Method is { } m ? new HttpMethod(m)
        : target.Expect.Echo && target.Request.PayloadBytes > 0 ? HttpMethod.Post : HttpMethod.Get;

    private readonly TimeoutPool _timeouts = new(target.Request.Timeout);

    public async ValueTask<FailureKind> SendAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = _timeouts.Rent(cancellationToken);
        try
        {
            using var request = Create(uri);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (_expect.Echo)
            {
                // The echo server answers with what it was sent: a shorter answer is unexplained.
                return !response.IsSuccessStatusCode ? FailureKinds.ForStatus(status) : body.Length == _body.Length ? FailureKind.None : FailureKind.OTHER;
            }

            return _expect.Accepts(status) ? FailureKind.None : FailureKinds.ForStatus(status);
        }
        catch (Exception e)
        {
            return FailureClassifier.Classify(e);
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
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(target.Request.Body is null ? "application/octet-stream" : "text/plain");
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

    private static byte[] Body(ConnectionTarget target) => target.Request switch
    {
        { Body: { } text } => Encoding.UTF8.GetBytes(text),
        { BodyBytes: { } size } => ConnectionTarget.CreatePayload(size),
        _ when target.Expect.Echo => target.Payload(pooled: false),
        _ => [],
    };
}
