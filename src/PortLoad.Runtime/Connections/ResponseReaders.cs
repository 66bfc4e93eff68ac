using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// Reads one response of the epoll engine's protocol as its bytes come, without keeping them: an echo, or an
/// HTTP/1.1 response (<see cref="HttpResponseReader"/>). One per connection, reset for each request.
/// </summary>
internal interface IResponseReader
{
    /// <summary>Whether the connection can carry the next request (a keep-alive response read to its end).</summary>
    bool KeepAlive { get; }

    void Reset();

    /// <summary>The next bytes; the request's outcome once the response is whole, null while more are due.</summary>
    FailureKind? Read(ReadOnlySpan<byte> bytes);

    /// <summary>The server closed: the outcome if that ends the response, ECONNRESET if it cuts it short.</summary>
    FailureKind End();
}

/// <summary>The echo of a tcp-echo request: as many bytes as were sent.</summary>
internal sealed class EchoReader(int length) : IResponseReader
{
    private int _received;

    public bool KeepAlive => true;

    public void Reset() => _received = 0;

    public FailureKind? Read(ReadOnlySpan<byte> bytes) => (_received += bytes.Length) >= length ? FailureKind.None : null;

    public FailureKind End() => FailureKind.ECONNRESET;
}

/// <summary>What a request expects of an HTTP response, shared by the readers of a sender's connections.</summary>
/// <param name="Expect">The statuses that count as success, or the embedded server's echo.</param>
/// <param name="EchoLength">The body an echo must come back with.</param>
/// <param name="Head">A HEAD request: the response has no body whatever its headers say.</param>
internal sealed record HttpExpectation(ExpectedResponse Expect, int EchoLength, bool Head)
{
    /// <summary>What a request of the target expects: its statuses or echo, its body's length, whether it is a HEAD.</summary>
    public static HttpExpectation For(ConnectionTarget target) =>
        new(target.Expect, HttpExchange.Body(target).Length, HttpExchange.Method(target) == HttpMethod.Head);

    /// <summary>
    /// The verdict on a whole response, whichever engine read it. The echo server answers with what it was sent: a
    /// 2xx with a shorter answer is unexplained.
    /// </summary>
    public FailureKind Verdict(int status, long bodyLength) => Expect.Echo
        ? status is < 200 or > 299 ? FailureKinds.ForStatus(status) : bodyLength == EchoLength ? FailureKind.None : FailureKind.OTHER
        : Expect.Accepts(status) ? FailureKind.None : FailureKinds.ForStatus(status);
}
