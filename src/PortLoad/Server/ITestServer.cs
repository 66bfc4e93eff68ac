using System.Net;

namespace PortLoad.Server;

/// <summary>A server PortLoad started itself, listening on loopback until disposed.</summary>
public interface ITestServer : IAsyncDisposable
{
    IPEndPoint EndPoint { get; }

    /// <summary>Connections the server has accepted.</summary>
    long Accepted { get; }
}

/// <summary>How the embedded server treats a connection.</summary>
/// <param name="ClosesFirst">True: close right after answering one request (the server holds TIME_WAIT).</param>
/// <param name="RequestBytes">Bytes in one request, so a closing server knows when the request is complete.</param>
public sealed record TestServerOptions(bool ClosesFirst, int RequestBytes);
