using System.Text.Json.Serialization;

namespace PortLoad.Scenarios;

public enum ConnectionMode
{
    PerRequest,
    Pooled,
}

/// <summary>Who ends a per-request connection, and so who holds TIME_WAIT.</summary>
public enum CloseBy
{
    /// <summary>The client closes first and holds TIME_WAIT on its source port.</summary>
    Client,

    /// <summary>The server closes first; the client's port is free again at once.</summary>
    Server,

    /// <summary>The client closes with SO_LINGER 0: RST, no TIME_WAIT anywhere.</summary>
    Reset,
}

/// <summary>Who picks a connection's local port, and so how wide its space is and which error ends it.</summary>
public enum PortChoice
{
    /// <summary>connect() picks it, per (source, destination): ports run out as EADDRNOTAVAIL; tcp_tw_reuse applies.</summary>
    Connect,

    /// <summary>bind(source, 0) picks it before connect(), without IP_BIND_ADDRESS_NO_PORT: a port is the client's alone
    /// whatever the destination, a TIME_WAIT holds it (tcp_tw_reuse does not help bind()), and running out fails in bind() with EADDRINUSE.</summary>
    Bind,
}

/// <summary>One way of connecting: a new connection per request (closed by whom) or a pool.</summary>
public sealed record StrategyOptions
{
    public required string Name { get; init; }

    public ConnectionMode Connections { get; init; }

    /// <summary>Who closes a per-request connection; null: the client (<see cref="ScenarioConstants.CloseBy"/>).</summary>
    public CloseBy? CloseBy { get; init; }

    /// <summary>A pool's connections; null: <see cref="ScenarioConstants.PoolSize"/>.</summary>
    public int? PoolSize { get; init; }

    /// <summary>HTTP pools: how long a connection lives before the pool replaces it (PooledConnectionLifetime); null: for ever.</summary>
    public TimeSpan? ConnectionLifetime { get; init; }

    /// <summary>tcp_tw_reuse for this strategy's namespace, over the scenario's (isolated runs only).</summary>
    public int? TcpTwReuse { get; init; }

    /// <summary>Who picks the local port; null: connect() (<see cref="PortChoice.Connect"/>).</summary>
    public PortChoice? PortChoice { get; init; }

    /// <summary>Fixed source ports, used in turn (as legacy clients and firewall rules require); null: the kernel's choice.</summary>
    public PortRange? SourcePorts { get; init; }

    /// <summary>With <see cref="SourcePorts"/>: SO_REUSEADDR, so bind() takes a port in TIME_WAIT and connect() is what fails (EADDRNOTAVAIL) while the old 4-tuple lingers; without it bind() fails (EADDRINUSE).</summary>
    public bool ReuseAddress { get; init; }

    /// <summary>Retry, timeout and circuit breaker around each request; null: none.</summary>
    public ResilienceOptions? Resilience { get; init; }

    [JsonIgnore]
    public bool Pooled => Connections == ConnectionMode.Pooled;

    /// <summary>Who closes first, the default applied.</summary>
    [JsonIgnore]
    public CloseBy CloseByOrDefault => CloseBy ?? ScenarioConstants.CloseBy;

    [JsonIgnore]
    public int PoolSizeOrDefault => PoolSize ?? ScenarioConstants.PoolSize;

    /// <summary>Whether bind() picks the local port (exclusive, no tcp_tw_reuse, EADDRINUSE when none is left).</summary>
    [JsonIgnore]
    public bool BindsPort => PortChoice == Scenarios.PortChoice.Bind || SourcePorts is not null;

    /// <summary>Whether the client keeps each port in TIME_WAIT after use: a per-request strategy whose client closes first.</summary>
    [JsonIgnore]
    public bool ClientHoldsTimeWait => !Pooled && CloseByOrDefault == Scenarios.CloseBy.Client;
}
