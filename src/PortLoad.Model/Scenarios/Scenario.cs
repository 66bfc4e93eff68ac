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

    /// <summary>Isolated runs only: every strategy at the same time, each in its own namespace, instead of one after another.</summary>
    public bool Parallel { get; init; }

    /// <summary>Requests before measuring, not recorded; null: none ("warmUp": null).</summary>
    public WarmUpOptions? WarmUp { get; init; } = WarmUpOptions.Default;

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

    /// <summary>The seed of the run's chance, measured or modelled: simulation.seed (retry jitter and exponential response delays draw from it too).</summary>
    public int Seed() => (Simulation ?? new SimulationOptions()).Seed;

    /// <summary>Where <paramref name="strategy"/> stands in the scenario (by name): the order displays keep when strategies start at once.</summary>
    public int IndexOf(StrategyOptions strategy) => Strategies.Select(s => s.Name).ToList().IndexOf(strategy.Name);

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

    /// <summary>Client namespaces, each running the strategy's whole load (copies of one app) behind a router; 1: one.</summary>
    public int Instances { get; init; } = 1;

    /// <summary>A Linux NAT (nftables source NAT, conntrack) on the router between the clients and the server; null: none.</summary>
    public RouterNat? Nat { get; init; }

    /// <summary>Whether clients reach the server through a router namespace (instances or a NAT) rather than on loopback.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Routed => Instances > 1 || Nat is not null;
}

/// <summary>A Linux source NAT: every client's connections leave from one address and <paramref name="Ports"/> ports, and a
/// closed connection's conntrack entry lingers <paramref name="TimeWait"/> (nf_conntrack_tcp_timeout_time_wait).</summary>
public sealed record RouterNat(int Ports, TimeSpan TimeWait)
{
    public static readonly TimeSpan DefaultTimeWait = TimeSpan.FromSeconds(120);

    /// <summary>The NAT's ports start here and run up to 65535: below it, the router's own ephemeral ports.</summary>
    public const int FirstPort = 20000;

    public const int MaxPorts = 65535 - FirstPort + 1;

    public static readonly TimeSpan MinTimeWait = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxTimeWait = TimeSpan.FromHours(1);
}

public sealed record RequestOptions
{
    /// <summary>Bytes sent and echoed per request; 0 means connect, then close with no data.</summary>
    public int PayloadBytes { get; init; } = ScenarioConstants.PayloadBytes;

    public TimeSpan Timeout { get; init; } = ScenarioConstants.RequestTimeout;

    /// <summary>HTTP: the method; null: POST of the payload to the embedded echo server, GET elsewhere.</summary>
    public string? Method { get; init; }

    /// <summary>HTTP: headers sent with every request.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>HTTP: the body, as text; null: none (or <see cref="BodyBytes"/>).</summary>
    public string? Body { get; init; }

    /// <summary>HTTP: a generated body of this many bytes; null: none (or <see cref="Body"/>).</summary>
    public int? BodyBytes { get; init; }

    /// <summary>HTTP: what counts as success; null: the echo from the embedded server, 2xx and 3xx from any other.</summary>
    public ExpectedResponse? Expect { get; init; }
}

/// <summary>What an HTTP response must be to count as a success: the payload echoed back, or a status in the list.</summary>
/// <param name="Echo">The embedded server's echo: a 2xx whose body is as long as what was sent.</param>
/// <param name="Statuses">Status codes that count (200, 204) and classes written as 100s (200 for "2xx").</param>
public sealed record ExpectedResponse(bool Echo, IReadOnlyList<int> Statuses, IReadOnlyList<int> Classes)
{
    public static readonly ExpectedResponse EchoBack = new(true, [], [2]);

    public static readonly ExpectedResponse SuccessOrRedirect = new(false, [], [2, 3]);

    public bool Accepts(int status) => Statuses.Contains(status) || Classes.Contains(status / 100);
}
