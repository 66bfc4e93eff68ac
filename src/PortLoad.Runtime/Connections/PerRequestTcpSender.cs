using System.Buffers;
using System.Net.Sockets;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// A new TCP connection for every request: connect, exchange the payload, close the way
/// <see cref="CloseBy"/> says. This is the strategy that fills the ephemeral range.
/// </summary>
public sealed class PerRequestTcpSender(ConnectionTarget target, CloseBy closeBy) : IRequestSender
{
    private readonly byte[] _payload = target.Payload(pooled: false);
    private readonly TimeoutPool _timeouts = new(target.Request.Timeout);
    private readonly ClientConnector _connector = target.CreateConnector();

    public long ConnectionsOpened => _connector.ConnectionsOpened;

    public IReadOnlyList<long> ExhaustedConnectCpu => _connector.ExhaustedConnectCpu;

    public ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask<FailureKind> SendAsync(CancellationToken cancellationToken)
    {
        using var timeout = _timeouts.Rent(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_payload.Length, 256));
        Socket? socket = null;
        try
        {
            socket = await _connector.ConnectAsync(timeout.Token).ConfigureAwait(false);
            if (_payload.Length > 0)
            {
                await SocketExchange.EchoAsync(socket, _payload, buffer, timeout.Token).ConfigureAwait(false);
            }

            switch (closeBy)
            {
                case CloseBy.Server:
                    await SocketExchange.AwaitPeerCloseAsync(socket, buffer, timeout.Token).ConfigureAwait(false);
                    break;
                case CloseBy.Reset:
                    SocketExchange.ArmReset(socket);
                    break;
            }

            return FailureKind.None;
        }
        catch (Exception e)
        {
            return FailureClassifier.Classify(e);
        }
        finally
        {
            socket?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
