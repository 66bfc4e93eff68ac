using System.Net.Http.Headers;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>One HTTP request/response as the HTTP senders make it: POST the payload, read the echo.</summary>
internal sealed class HttpExchange(ConnectionTarget target, CloseBy closeBy)
{
    private readonly byte[] _payload = target.Payload(pooled: false);
    private readonly TimeoutPool _timeouts = new(target.Request.Timeout);

    public async ValueTask<FailureKind> SendAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = _timeouts.Rent(cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(_payload.Length > 0 ? HttpMethod.Post : HttpMethod.Get, uri);
            if (_payload.Length > 0)
            {
                request.Content = new ByteArrayContent(_payload);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            }

            if (closeBy == CloseBy.Server)
            {
                // Asks the server to close after its response, so the server closes first.
                request.Headers.ConnectionClose = true;
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode && body.Length == _payload.Length ? FailureKind.None : FailureKind.OTHER;
        }
        catch (Exception e)
        {
            return FailureClassifier.Classify(e);
        }
    }
}
