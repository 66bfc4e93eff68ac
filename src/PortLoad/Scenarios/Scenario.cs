using System.Net;

namespace PortLoad.Scenarios;

/// <summary>
/// A scenario: what to send, to what, how, and with which connection strategies. Built from a file by
/// <see cref="ScenarioParser"/> or in code, and accepted only once <see cref="ScenarioValidator"/> passes it;
/// frozen after that: the run only reads it.
/// </summary>
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
    public IReadOnlyList<IPAddress> SourceAddresses { get; init; } = [];

    /// <summary>What only the simulator reads; null when the scenario has no simulation block.</summary>
    public SimulationOptions? Simulation { get; init; }

    /// <summary>Pass/fail bounds on the results, for CI; empty: none.</summary>
    public IReadOnlyList<ThresholdOptions> Thresholds { get; init; } = [];

    /// <summary>The file it came from, for messages; null when built in code.</summary>
    public string? SourceFile { get; init; }

    /// <summary>tcp_tw_reuse asked for where <paramref name="strategy"/> runs: its own, else the scenario's; null: the kernel's default.</summary>
    public int? TcpTwReuseFor(StrategyOptions? strategy) => strategy?.TcpTwReuse ?? Network.TcpTwReuse;

    /// <summary>The longest one request of <paramref name="strategy"/> can take, retries and backoff included: what a run must wait for.</summary>
    public TimeSpan LongestRequest(StrategyOptions strategy) =>
        strategy.Resilience?.LongestRequest(Request.Timeout) ?? Request.Timeout;

    /// <summary>The same scenario with another load: what a sweep runs at each rate.</summary>
    public Scenario WithLoad(IReadOnlyList<LoadPhase> load) => this with { Load = load };
}

/// <summary>Where the strategies run: in the host's network namespace, or each in a fresh one.</summary>
public sealed record NetworkOptions
{
    /// <summary>True: each strategy runs in a fresh network namespace of its own (client and embedded server).</summary>
    public bool Isolated { get; init; }

    /// <summary>net.ipv4.ip_local_port_range inside the namespace; null: the kernel's default.</summary>
    public PortRange? EphemeralPortRange { get; init; }

    /// <summary>net.ipv4.tcp_tw_reuse inside the namespace; null: the kernel's default (2).</summary>
    public int? TcpTwReuse { get; init; }
}

public sealed record RequestOptions
{
    /// <summary>Bytes sent and echoed per request; 0 means connect, then close with no data.</summary>
    public int PayloadBytes { get; init; } = ScenarioConstants.PayloadBytes;

    public TimeSpan Timeout { get; init; } = ScenarioConstants.RequestTimeout;
}
