using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// The classic .NET mistake, on purpose: a new <see cref="HttpClient"/> with its own
/// <see cref="SocketsHttpHandler"/> for every request, disposed afterwards, so every request
/// opens (and closes) a connection.
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
        using var client = new HttpClient(_connections.CreateHandler(maxConnections: 1), disposeHandler: true);
        return await _exchange.SendAsync(client, _connections.RequestUri, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
