using System.Net.Sockets;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> PortLoad's HTTP senders use: it counts
/// the connections a handler opens and makes the close behave as the strategy says.
/// </summary>
internal sealed class HttpConnectionFactory(ConnectionTarget target, CloseBy closeBy)
{
    private readonly ClientConnector _connector = target.CreateConnector();

    public long ConnectionsOpened => _connector.ConnectionsOpened;

    public IReadOnlyList<long> ExhaustedConnectCpu => _connector.ExhaustedConnectCpu;

    /// <summary>
    /// A handler as a load tool wants it: no proxy lookup, redirects, cookies or trace headers (no
    /// <see cref="SocketsHttpHandler.ActivityHeadersPropagator"/>, so no diagnostics handler in the chain).
    /// </summary>
    /// <param name="lifetime">How long a pooled connection lives before the pool replaces it; null: for ever.</param>
    /// <param name="single">One request and gone (per-request): no idle timeout, so the handler starts no cleaning timer.</param>
    public SocketsHttpHandler CreateHandler(int maxConnections, TimeSpan? lifetime = null, bool single = false)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectAsync,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = lifetime ?? Timeout.InfiniteTimeSpan,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            SslOptions = target.Protocol == TargetProtocol.Https ? Tls() : new(),
        };
        if (single)
        {
            handler.PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan;
        }

        return handler;
    }

    public Uri RequestUri { get; } = new($"{(target.Protocol == TargetProtocol.Https ? "https" : "http")}://{target.EndPoint}{target.Path}");

    /// <summary>SNI from the target's host name; the embedded server's own certificate pinned, or any accepted when asked.</summary>
    private System.Net.Security.SslClientAuthenticationOptions Tls() => new()
    {
        TargetHost = target.HostName ?? target.EndPoint.Address.ToString(),
        RemoteCertificateValidationCallback = target.PinnedCertificate is { } pinned
            ? (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == pinned.GetCertHashString()
            : target.InsecureSkipVerify ? (_, _, _, _) => true : null,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken token)
    {
        var socket = await _connector.ConnectAsync(token).ConfigureAwait(false);
        switch (closeBy)
        {
            case CloseBy.Reset:
                SocketExchange.ArmReset(socket);
                break;
            case CloseBy.Server:
                return new ServerClosesFirstStream(socket, target.Request.Timeout);
        }

        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>On dispose, waits (bounded) for the server's FIN before closing, so the server holds TIME_WAIT.</summary>
    private sealed class ServerClosesFirstStream(Socket socket, TimeSpan timeout) : NetworkStream(socket, ownsSocket: true)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    Socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
                    var buffer = new byte[256];
                    while (Socket.Receive(buffer) > 0)
                    {
                    }
                }
                catch (SocketException)
                {
                    // Timed out or reset: close anyway.
                }
            }

            base.Dispose(disposing);
        }
    }
}
