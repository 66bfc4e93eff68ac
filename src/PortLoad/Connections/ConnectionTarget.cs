using System.Net;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>Where and what a sender sends: the endpoint, the protocol and the request's shape.</summary>
public sealed record ConnectionTarget(IPEndPoint EndPoint, TargetProtocol Protocol, RequestOptions Request, string Path = "/")
{
    /// <summary>Source addresses to bind, round-robin; empty: the kernel chooses.</summary>
    public IReadOnlyList<IPAddress> SourceAddresses { get; init; } = [];

    public ClientConnector CreateConnector() => new(EndPoint, SourceAddresses);

    /// <summary>The bytes a request sends; a pool always exchanges at least one byte per request.</summary>
    public byte[] Payload(bool pooled) => CreatePayload(pooled ? Math.Max(1, Request.PayloadBytes) : Request.PayloadBytes);

    private static byte[] CreatePayload(int size)
    {
        var payload = new byte[size];
        for (var i = 0; i < size; i++)
        {
            payload[i] = (byte)('a' + (i % 26));
        }

        return payload;
    }
}
