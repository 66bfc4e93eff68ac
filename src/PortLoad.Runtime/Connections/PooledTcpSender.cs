using System.Net.Sockets;
using System.Threading.Channels;

namespace PortLoad.Connections;

/// <summary>
/// A fixed pool of persistent TCP connections; a request waits for a free one. The pool opens
/// its connections once, so the ephemeral range sees <c>poolSize</c> ports, whatever the load.
/// A connection that fails is replaced by the next request that takes its place.
/// </summary>
public sealed class PooledTcpSender(ConnectionTarget target, int poolSize) : IRequestSender
{
    private readonly byte[] _payload = target.Payload(pooled: true);
    private readonly TimeoutPool _timeouts = new(target.Request.Timeout);
    private readonly Channel<PooledConnection> _free = Channel.CreateUnbounded<PooledConnection>();
    private readonly List<PooledConnection> _all = [];
    private readonly ClientConnector _connector = target.CreateConnector();

    public long ConnectionsOpened => _connector.ConnectionsOpened;

    public IReadOnlyList<long> ExhaustedConnectCpu => _connector.ExhaustedConnectCpu;

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < poolSize; i++)
        {
            var connection = new PooledConnection(new byte[_payload.Length]);
            _all.Add(connection);
            try
            {
                await ConnectAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // Left unconnected: the first request to take it retries, and counts the failure.
            }

            _free.Writer.TryWrite(connection);
        }
    }

    public async ValueTask<FailureKind> SendAsync(CancellationToken cancellationToken)
    {
        using var timeout = _timeouts.Rent(cancellationToken);
        PooledConnection? connection = null;
        try
        {
            connection = await _free.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            if (connection.Socket is null)
            {
                await ConnectAsync(connection, timeout.Token).ConfigureAwait(false);
            }

            await SocketExchange.EchoAsync(connection.Socket!, _payload, connection.Buffer, timeout.Token).ConfigureAwait(false);
            return FailureKind.None;
        }
        catch (Exception e)
        {
            // The connection's state is unknown after a failure: drop it, reconnect on next use.
            connection?.Drop();
            return FailureClassifier.Classify(e);
        }
        finally
        {
            if (connection is not null)
            {
                _free.Writer.TryWrite(connection);
            }
        }
    }

    private async ValueTask ConnectAsync(PooledConnection connection, CancellationToken token) =>
        connection.Socket = await _connector.ConnectAsync(token).ConfigureAwait(false);

    public ValueTask DisposeAsync()
    {
        _free.Writer.TryComplete();
        foreach (var connection in _all)
        {
            connection.Drop();
        }

        return ValueTask.CompletedTask;
    }

    private sealed class PooledConnection(byte[] buffer)
    {
        public Socket? Socket { get; set; }

        public byte[] Buffer { get; } = buffer;

        public void Drop()
        {
            Socket?.Dispose();
            Socket = null;
        }
    }
}
