using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>The fix: one shared handler whose pool holds at most <c>poolSize</c> connections.</summary>
public sealed class PooledHttpSender : IRequestSender
{
    private readonly HttpConnectionFactory _connections;
    private readonly HttpExchange _exchange;
    private readonly HttpMessageInvoker _client;

    /// <param name="lifetime">SocketsHttpHandler.PooledConnectionLifetime: connections are replaced this often; null: never.</param>
    public PooledHttpSender(ConnectionTarget target, int poolSize, TimeSpan? lifetime = null)
    {
        _connections = new HttpConnectionFactory(target, CloseBy.Client);
        _exchange = new HttpExchange(target, CloseBy.Client);
        _client = new HttpMessageInvoker(_connections.CreateHandler(poolSize, lifetime), disposeHandler: true);
    }

    public long ConnectionsOpened => _connections.ConnectionsOpened;

    public IReadOnlyList<long> ExhaustedConnectCpu => _connections.ExhaustedConnectCpu;

    public ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<FailureKind> SendAsync(CancellationToken cancellationToken) => _exchange.SendAsync(_client, _connections.RequestUri, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
