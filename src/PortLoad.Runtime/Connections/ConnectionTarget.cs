using System.Net;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>Where and what a sender sends: the endpoint, the protocol and the request's shape.</summary>
public sealed record ConnectionTarget(IPEndPoint EndPoint, TargetProtocol Protocol, RequestOptions Request, string Path = "/")
{
    /// <summary>https: the name the server is asked for (SNI) and its certificate is checked against; null: the address.</summary>
    public string? HostName { get; init; }

    /// <summary>https: the one certificate to accept (the embedded server's own, made at start-up); null: verify as usual.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? PinnedCertificate { get; init; }

    /// <summary>HTTP/2 only (exact version): over TLS by ALPN, over http as h2c with prior knowledge.</summary>
    public bool Http2 { get; init; }

    /// <summary>https: accept any certificate (test servers only).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>Whether the target is PortLoad's embedded server, which echoes what it is sent.</summary>
    public bool Embedded { get; init; }

    /// <summary>What counts as an HTTP success: the scenario's, else the echo from the embedded server, 2xx and 3xx from any other.</summary>
    public ExpectedResponse Expect => Request.Expect ?? (Embedded ? ExpectedResponse.EchoBack : ExpectedResponse.SuccessOrRedirect);

    /// <summary>Source addresses to bind, round-robin; empty: the kernel chooses.</summary>
    public IReadOnlyList<IPAddress> SourceAddresses { get; init; } = [];

    /// <summary>Where the local ports of the connections opened are recorded; null: nowhere.</summary>
    public LocalPorts? OwnPorts { get; init; }

    /// <summary>bind(source, 0) picks each connection's port instead of connect() (<c>"portChoice": "bind"</c>).</summary>
    public bool BindPort { get; init; }

    /// <summary>Every destination, round-robin (several server ports); empty: <see cref="EndPoint"/> alone.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints { get; init; } = [];

    /// <summary>Fixed source ports, bound in turn; null: the kernel picks.</summary>
    public PortRange? SourcePorts { get; init; }

    /// <summary>SO_REUSEADDR before binding a fixed source port.</summary>
    public bool ReuseAddress { get; init; }

    /// <summary>Where requests go, round-robin: <see cref="EndPoints"/>, or <see cref="EndPoint"/> alone.</summary>
    public IReadOnlyList<IPEndPoint> Destinations => EndPoints.Count > 0 ? EndPoints : [EndPoint];

    public ClientConnector CreateConnector() => new(Destinations, SourceAddresses, OwnPorts, BindPort, SourcePorts, ReuseAddress);

    /// <summary>The bytes a request sends; a pool always exchanges at least one byte per request.</summary>
    public byte[] Payload(bool pooled) => CreatePayload(pooled ? Math.Max(1, Request.PayloadBytes) : Request.PayloadBytes);

    public static byte[] CreatePayload(int size)
    {
        var payload = new byte[size];
        for (var i = 0; i < size; i++)
        {
            payload[i] = (byte)('a' + (i % 26));
        }

        return payload;
    }
}
