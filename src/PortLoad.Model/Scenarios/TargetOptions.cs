using System.Net;
using System.Text.Json.Serialization;

namespace PortLoad.Scenarios;

public enum TargetProtocol
{
    TcpEcho,
    Http,

    /// <summary>HTTP over TLS: the embedded server serves a self-signed certificate made at start-up.</summary>
    Https,
}

/// <summary>TLS for an https target.</summary>
/// <param name="InsecureSkipVerify">Accept any server certificate: for test servers with self-signed certificates only.</param>
public sealed record TlsOptions(bool InsecureSkipVerify);

public sealed record TargetOptions
{
    /// <summary>True: PortLoad starts its own server on 127.0.0.1 for each strategy.</summary>
    public bool Embedded { get; init; }

    public string? Host { get; init; }

    public int? Port { get; init; }

    /// <summary>A host target's ports, requests going round-robin ("ports": [..]); empty: <see cref="Port"/> alone.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    /// <summary>The embedded server listens on this many consecutive ports, requests going round-robin; 1: one.</summary>
    public int ListenPorts { get; init; } = 1;

    /// <summary>Destinations (server ports) requests go to: connect()-chosen ports are per destination, so each one more multiplies the space.</summary>
    [JsonIgnore]
    public int Destinations => Embedded ? ListenPorts : Math.Max(1, Ports.Count);

    /// <summary>A host target's ports: <see cref="Ports"/>, or <see cref="Port"/> alone.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> HostPorts => Ports.Count > 0 ? Ports : Port is { } p ? [p] : [];

    public TargetProtocol Protocol { get; init; } = TargetProtocol.TcpEcho;

    /// <summary>The HTTP request path.</summary>
    public string Path { get; init; } = "/";

    public bool AllowRemote { get; init; }

    /// <summary>HTTP/2 instead of HTTP/1.1 (over TLS, or cleartext h2c with prior knowledge): one connection carries many requests at once.</summary>
    public bool Http2 { get; init; }

    /// <summary>TLS settings for an https target; null: verify the server's certificate as usual.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>HTTP or HTTPS: requests go through HttpClient.</summary>
    [JsonIgnore]
    public bool IsHttp => Protocol is TargetProtocol.Http or TargetProtocol.Https;

    /// <summary>How long the embedded server waits before it answers; null: it answers at once.</summary>
    public ResponseDelay? ResponseDelay { get; init; }

    /// <summary>Whether the target is on loopback (the embedded server, or a loopback host): where tcp_tw_reuse = 2 applies.</summary>
    [JsonIgnore]
    public bool IsLoopback => Embedded || (Host is { } host && IsLoopbackHost(host));

    /// <summary>Equal when every field is, the ports compared item by item.</summary>
    public bool Equals(TargetOptions? other) =>
        other is not null && Embedded == other.Embedded && Host == other.Host && Port == other.Port && Ports.SequenceEqual(other.Ports)
        && ListenPorts == other.ListenPorts && Protocol == other.Protocol && Path == other.Path && AllowRemote == other.AllowRemote
        && Http2 == other.Http2 && Tls == other.Tls && ResponseDelay == other.ResponseDelay;

    public override int GetHashCode() => HashCode.Combine(Embedded, Host, Port, Ports.Count, ListenPorts, Protocol, Path);

    /// <summary>How results name the target: "embedded" or host:port.</summary>
    public override string ToString() => Embedded ? "embedded" : $"{Host}:{Port}";

    public static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
