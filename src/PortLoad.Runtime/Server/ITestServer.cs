using System.Diagnostics;
using System.Net;
using PortLoad.Scenarios;

namespace PortLoad.Server;

/// <summary>A server PortLoad started itself, listening on loopback until disposed.</summary>
public interface ITestServer : IAsyncDisposable
{
    IPEndPoint EndPoint { get; }

    /// <summary>Connections the server has accepted.</summary>
    long Accepted { get; }

    /// <summary>Its clients counted (open, at most at once, distinct addresses and ports); null: not counted.</summary>
    ConnectionCensus? Census => null;

    /// <summary>The certificate it serves over TLS (self-signed, made at start-up); null without TLS.</summary>
    System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate => null;
}

/// <summary>How the embedded server treats a connection.</summary>
/// <param name="ClosesFirst">True: close right after answering one request (the server holds TIME_WAIT).</param>
/// <param name="RequestBytes">Bytes in one request, so a closing server knows when the request is complete.</param>
/// <param name="Delay">How long to think before answering each request; null: answer at once.</param>
/// <param name="Http2">HTTP servers: speak HTTP/2 (cleartext h2c, or negotiated over TLS) as well as HTTP/1.1.</param>
/// <param name="Random">Draws exponential response delays; seeded (<see cref="SeededRandom"/>), so a run can be repeated.</param>
public sealed record TestServerOptions(bool ClosesFirst, int RequestBytes, Random Random, ResponseDelay? Delay = null, bool Http2 = false)
{
    /// <summary>TCP echo: listen with SO_REUSEPORT, so the servers of several segment processes in one namespace share
    /// the port and the kernel deals the connections out among them.</summary>
    public bool SharedPort { get; init; }

    /// <summary>Waits the response delay, if any (drawn per request when exponential).</summary>
    public Task ThinkAsync(CancellationToken cancellationToken) =>
        Delay is { } delay ? ThinkAtLeastAsync(delay.Draw(Random), cancellationToken) : Task.CompletedTask;

    /// <summary>Holds the whole delay: a timer runs on a millisecond tick and may fire up to a tick early
    /// (a 500 ms delay was measured at 499.967 ms by the client), so wait out what it left.</summary>
    private static async Task ThinkAtLeastAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var left = delay;
        while (left > TimeSpan.Zero)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
            left = delay - Stopwatch.GetElapsedTime(start);
        }
    }
}
