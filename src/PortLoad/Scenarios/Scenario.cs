using PortLoad.Load;

namespace PortLoad.Scenarios;

/// <summary>A parsed, validated scenario file. Frozen once built: the run only reads it.</summary>
public sealed record Scenario
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public required TargetOptions Target { get; init; }

    public required IReadOnlyList<LoadPhase> Load { get; init; }

    public RequestOptions Request { get; init; } = new();

    public required IReadOnlyList<StrategyOptions> Strategies { get; init; }

    /// <summary>How often socket states are sampled; null means the tool-wide default.</summary>
    public TimeSpan? SamplingInterval { get; init; }

    public NetworkOptions Network { get; init; } = new();

    /// <summary>Source addresses per-request connections bind to, round-robin; empty: the kernel's choice.</summary>
    public IReadOnlyList<System.Net.IPAddress> SourceAddresses { get; init; } = [];

    /// <summary>What only the simulator reads; null when the scenario has no simulation block.</summary>
    public Simulation.SimulationOptions? Simulation { get; init; }

    /// <summary>The file it came from, for messages; null when built in code.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The JSON it was parsed from, so an isolated child process can parse the very same scenario.</summary>
    public string SourceJson { get; init; } = "";
}

/// <summary>Where the strategies run: in the host's network namespace, or each in a fresh one.</summary>
public sealed record NetworkOptions
{
    /// <summary>True: each strategy runs in a fresh network namespace of its own (client and embedded server).</summary>
    public bool Isolated { get; init; }

    /// <summary>net.ipv4.ip_local_port_range inside the namespace; null: the kernel's default.</summary>
    public HostInfo.PortRange? EphemeralPortRange { get; init; }

    /// <summary>net.ipv4.tcp_tw_reuse inside the namespace; null: the kernel's default (2).</summary>
    public int? TcpTwReuse { get; init; }
}

public enum TargetProtocol
{
    TcpEcho,
    Http,
}

public sealed record TargetOptions
{
    /// <summary>True: PortLoad starts its own server on 127.0.0.1 for each strategy.</summary>
    public bool Embedded { get; init; }

    public string? Host { get; init; }

    public int? Port { get; init; }

    public TargetProtocol Protocol { get; init; } = TargetProtocol.TcpEcho;

    /// <summary>The HTTP request path.</summary>
    public string Path { get; init; } = "/";

    public bool AllowRemote { get; init; }

    /// <summary>Whether the target is on loopback (the embedded server, or a loopback host): where tcp_tw_reuse = 2 applies.</summary>
    public bool IsLoopback => Embedded || (Host is { } host && ScenarioParser.IsLoopback(host));
}

public sealed record RequestOptions
{
    /// <summary>Bytes sent and echoed per request; 0 means connect, then close with no data.</summary>
    public int PayloadBytes { get; init; } = ScenarioDefaults.PayloadBytes;

    public TimeSpan Timeout { get; init; } = ScenarioDefaults.RequestTimeout;
}

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

public sealed record StrategyOptions
{
    public required string Name { get; init; }

    public ConnectionMode Connections { get; init; }

    public CloseBy CloseBy { get; init; } = CloseBy.Client;

    public int PoolSize { get; init; } = ScenarioDefaults.PoolSize;

    /// <summary>tcp_tw_reuse for this strategy's namespace, over the scenario's (isolated runs only).</summary>
    public int? TcpTwReuse { get; init; }

    /// <summary>Retry, timeout and circuit breaker around each request; null: none.</summary>
    public ResilienceOptions? Resilience { get; init; }
}

public static class ScenarioDefaults
{
    public const int PayloadBytes = 64;
    public const int PoolSize = 8;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
}
