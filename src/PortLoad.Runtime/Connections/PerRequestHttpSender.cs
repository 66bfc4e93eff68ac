using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// The classic .NET mistake, on purpose: a new <see cref="HttpClient"/> for every request, that is a
/// <see cref="SocketsHttpHandler"/> (a connection pool) of its own, disposed afterwards, so every request
/// opens (and closes) a connection. The handler is sent through directly, as the client would.
/// </summary>
public sealed class PerRequestHttpSender(ConnectionTarget target, CloseBy closeBy) : IRequestSender
{
    private readonly HttpConnectionFactory _connections = new(target, closeBy);
    private readonly HttpExchange _exchange = new(target, closeBy);

    public long ConnectionsOpened => _connections.ConnectionsOpened;

    public IReadOnlyList<long> ExhaustedConnectCpu => _connections.ExhaustedConnectCpu;

    public ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask<FailureKind> SendAsync(CancellationToken cancellationToken)
    {
        using var handler = new HttpMessageInvoker(_connections.CreateHandler(maxConnections: 1, single: true), disposeHandler: true);
        return await _exchange.SendAsync(handler, _connections.RequestUri, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
