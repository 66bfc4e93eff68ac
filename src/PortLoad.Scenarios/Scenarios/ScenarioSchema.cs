using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortLoad.Scenarios;

/// <summary>
/// The JSON Schema (draft 2020-12) of scenario files, built from what the reader and the validators use:
/// enums from <see cref="Names"/>, bounds from the validators' constants and the default limits, defaults
/// from <see cref="ScenarioConstants"/> and the options' own. <c>portload schema</c> writes it to
/// scenarios/portload.schema.json; a test fails when that file differs from what this builds. It is the one table of
/// each object's fields: the reader takes the fields it accepts from it (<see cref="ScenarioFields"/>), and the
/// validators' bounds are the constants it quotes. A schema cannot say everything the
/// validator does (a range's low below its high, "closeBy" only per-request): those stay the validator's.
/// </summary>
public static partial class ScenarioSchema
{
    public const string FileName = "portload.schema.json";

    public const string Id = "https://portload.dev/schemas/portload.schema.json";

    /// <summary>What the duration reader accepts: a plain number and a unit.</summary>
    public const string DurationPattern = @"^\s*([0-9]+\.?[0-9]*|\.[0-9]+)(ms|s|m|h)\s*$";

    public static string Json()
    {
        var text = Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    public static JsonObject Build()
    {
        var limits = new ScenarioLimits();
        var schema = Object(
            "A PortLoad scenario: what to send, to what, how, and with which connection strategies.",
            ["name", "target", "load", "strategies"],
            ("$schema", Str("The schema this file follows (editors use it to complete and check the file).")),
            ("name", Str("The scenario's name; it names the results folder.", pattern: ScenarioValidator.NamePattern)),
            ("description", Str("What the scenario shows, in a sentence or two.")),
            ("target", Target()),
            ("load", new JsonObject
            {
                ["description"] = "Load phases, run in order, the same for every strategy.",
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = Phase(limits),
            }),
            ("request", Request()),
            ("strategies", new JsonObject
            {
                ["description"] = "The connection strategies to compare; each runs the whole load against a fresh server.",
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = Strategy(limits),
            }),
            ("sampling", Object("How socket states are sampled.", [], ("interval", Dur($"How often socket states are counted; {Bounds(ScenarioValidator.MinSamplingInterval, ScenarioValidator.MaxSamplingInterval)}; default: appsettings.json PortLoad:SamplingInterval.")))),
            ("network", Object(
                "Where the strategies run.",
                [],
                ("namespace", Str("host: this machine's network namespace; isolated: each strategy in a fresh namespace of its own (root or unprivileged user namespaces).", values: ["host", "isolated"], defaultValue: "host")),
                ("ephemeralPortRange", Range("net.ipv4.ip_local_port_range inside the isolated namespaces.")),
                ("tcpTwReuse", TcpTwReuse("net.ipv4.tcp_tw_reuse inside the isolated namespaces; default: the kernel's (2).")),
                ("instances", Int($"Client namespaces behind a router, each running every strategy's whole load (copies of one app); results per instance and in total. At most {ScenarioLimits.MeasuredInstances} in a measured run, {ScenarioLimits.SimulatedInstances} for the simulator.", 1, ScenarioLimits.SimulatedInstances, 1)),
                ("nat", Object(
                    "A Linux NAT on the router: nftables source NAT of every client to one address and a range of ports, conntrack's TIME_WAIT timeout set.",
                    ["ports"],
                    ("ports", Int($"Ports of the NAT's range ({RouterNat.FirstPort} up).", 1, RouterNat.MaxPorts)),
                    ("timeWait", Dur("nf_conntrack_tcp_timeout_time_wait in the router's namespace.", RouterNat.DefaultTimeWait)))))),
            ("clients", Object("The client's side of each connection.", [], ("sourceAddresses", new JsonObject
            {
                ["description"] = "Source addresses to bind, round-robin (with IP_BIND_ADDRESS_NO_PORT): each brings its own ephemeral range.",
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = Str("An IP address such as \"127.0.0.2\"."),
            }))),
            ("parallel", Bool("Isolated runs only: run every strategy at the same time, each in its own namespace (one load duration instead of one per strategy). Not for CPU-bound rates: the strategies then compete for the cores.", false)),
            ("simulation", Simulation()),
            ("thresholds", new JsonObject
            {
                ["description"] = "Pass/fail bounds on summary.json figures; a violated one ends the run with exit code 3.",
                ["type"] = "array",
                ["items"] = Object(
                    "A bound on one figure of one strategy (or every one).",
                    ["metric"],
                    ("strategy", Str("The strategy's name, or \"*\" for every strategy.", defaultValue: ThresholdOptions.EveryStrategy)),
                    ("metric", Str("A figure's path in summary.json, e.g. failures.EADDRNOTAVAIL, latencyMs.p99, timeWait.peakRatio; or a plan's answer, plan.maxInstances or plan.maxRatePerInstance, which only portload plan judges.")),
                    ("max", Num("The highest value that passes.")),
                    ("min", Num("The lowest value that passes."))),
            }),
            ("warmUp", new JsonObject
            {
                ["description"] = $"Requests before measuring, not recorded (JIT, first connections); null: none. Default: {Duration.Format(WarmUpOptions.Default.During)} at {WarmUpOptions.Default.Rate}/s.",
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["type"] = "null" },
                    Object(
                        "The warm-up's length and rate.",
                        [],
                        ("during", Dur($"How long; at most {Duration.Format(WarmUpOptions.MaxDuring)}.", WarmUpOptions.Default.During)),
                        ("rate", Num("Requests per second.", exclusiveMinimum: 0, maximum: limits.MaxRate, defaultValue: WarmUpOptions.Default.Rate)))),
            }));
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Id,
            ["title"] = "PortLoad scenario",
        };
        foreach (var (key, value) in schema)
        {
            root[key] = value?.DeepClone();
        }

        return root;
    }

    private static JsonObject Target() => new()
    {
        ["description"] = "What the load goes to: PortLoad's embedded server (\"server\": \"embedded\") or a running one (\"host\" and \"port\").",
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("protocol"),
        ["oneOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray("server") }, new JsonObject { ["required"] = new JsonArray("host", "port") }),
        ["properties"] = Properties(
            ("server", Str("PortLoad's own server on 127.0.0.1, started afresh for each strategy.", values: ["embedded"])),
            ("host", Str("A running server's name or address (loopback unless allowRemote).")),
            ("port", Int("The running server's port.", 1, 65535)),
            ("ports", new JsonObject
            {
                ["description"] = "The running server's ports, instead of port: requests go round-robin; connect()-chosen source ports are per destination, so each port multiplies the space (tcp-echo only).",
                ["type"] = "array",
                ["minItems"] = 1,
                ["maxItems"] = ScenarioValidator.MaxDestinations,
                ["uniqueItems"] = true,
                ["items"] = Int("A port.", 1, 65535),
            }),
            ("listenPorts", Int("The embedded server listens on this many consecutive ports, requests going round-robin (tcp-echo only).", 1, ScenarioValidator.MaxDestinations, 1)),
            ("protocol", Str("What is spoken on each connection.", values: [.. Names.Protocols.Names])),
            ("path", Str("HTTP: the request path.", pattern: "^/", defaultValue: "/")),
            ("allowRemote", Bool("Allow a host that is not loopback (you must own it, or have permission).", false)),
            ("responseDelay", new JsonObject
            {
                ["description"] = $"The embedded server thinks this long before answering; at most {Duration.Format(ScenarioValidator.MaxResponseDelay)}.",
                ["anyOf"] = new JsonArray(
                    Dur("A fixed delay."),
                    Object(
                        "A delay drawn per request.",
                        ["mean"],
                        ("mean", Dur("The mean delay.")),
                        ("distribution", Str("How delays are drawn.", values: [.. Names.Distributions.Names], defaultValue: "fixed")))),
            }),
            ("tls", Object("https only.", [], ("insecureSkipVerify", Bool("Accept any certificate: for test servers only.", false)))),
            ("httpVersion", Str("HTTP/1.1, or HTTP/2 (over https by ALPN, over http as h2c).", values: ["1.1", "2"], defaultValue: "1.1"))),
    };

    private static JsonObject Phase(ScenarioLimits limits)
    {
        (string, JsonNode) During() => ("during", Dur($"How long the phase lasts; the whole load at most {Duration.Format(limits.MaxRunDuration)} (appsettings.json PortLoad:MaxRunDuration)."));
        var rate = $"Requests per second; at most {limits.MaxRate} ({ScenarioValidator.MaxRateSetting}).";
        return new JsonObject
        {
            ["description"] = "One load phase: exactly one of inject, rampInject, keepConstant, pause, hold.",
            ["type"] = "object",
            ["minProperties"] = 1,
            ["maxProperties"] = 1,
            ["additionalProperties"] = false,
            ["properties"] = Properties(
                ("inject", Object("Open model: requests start on a schedule, whether or not earlier ones finished.", ["rate", "during"], ("rate", Num(rate, exclusiveMinimum: 0, maximum: limits.MaxRate)), During())),
                ("rampInject", Object("Open model, the rate moving linearly from one value to another.", ["from", "to", "during"], ("from", Num(rate, minimum: 0, maximum: limits.MaxRate)), ("to", Num(rate, minimum: 0, maximum: limits.MaxRate)), During())),
                ("keepConstant", Object("Closed model: this many loops, each sending its next request when the last ends.", ["copies", "during"], ("copies", Int($"Concurrent loops ({ScenarioValidator.MaxConcurrencySetting}).", 1, limits.MaxConcurrency)), During())),
                ("pause", Object("Nothing sent.", ["during"], During())),
                ("hold", Object(
                    "Opens this many connections, each its own, at openRate a second, holds them all open for 'during' after the last is due, then the client closes them (per-request strategies, tcp-echo).",
                    ["connections", "openRate", "during"],
                    ("connections", Int($"Connections to hold open at once ({ScenarioValidator.MaxHeldConnectionsSetting}).", 1, limits.MaxHeldConnections)),
                    ("openRate", Num(rate.Replace("Requests", "Connections opened", StringComparison.Ordinal), exclusiveMinimum: 0, maximum: limits.MaxRate)),
                    ("during", Dur("How long they are held once the last is due; the phase lasts connections / openRate longer."))))),
        };
    }

    private static JsonObject Request() => Object(
        "What each request sends and when it counts as a success.",
        [],
        ("payloadBytes", Int("Bytes sent and echoed (tcp-echo; the embedded HTTP server echoes a POST); 0: connect and close.", 0, ScenarioValidator.MaxPayloadBytes, ScenarioConstants.PayloadBytes)),
        ("timeout", Dur($"A request not done by then fails as ETIMEDOUT; {Bounds(ScenarioValidator.MinRequestTimeout, ScenarioValidator.MaxRequestTimeout)}.", ScenarioConstants.RequestTimeout)),
        ("method", Str("HTTP method; default GET (POST of the payload to the embedded server).", values: [.. RequestValidator.Methods])),
        ("headers", new JsonObject
        {
            ["description"] = "HTTP headers sent with every request.",
            ["type"] = "object",
            ["additionalProperties"] = new JsonObject { ["type"] = "string" },
        }),
        ("body", Str("HTTP body, as text.")),
        ("bodyBytes", Int("HTTP: a generated body of this many bytes.", 0, ScenarioValidator.MaxPayloadBytes)),
        ("expect", new JsonObject
        {
            ["description"] = "What counts as success: \"echo\" (the embedded server's default), a class such as \"2xx\", or a list of codes and classes; default elsewhere: 2xx and 3xx.",
            ["anyOf"] = new JsonArray(
                Str("\"echo\" or a status class.", pattern: "^(echo|[1-5]xx)$"),
                Int("A status code.", 100, 599),
                new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = 1,
                    ["items"] = new JsonObject { ["anyOf"] = new JsonArray(Int("A status code.", 100, 599), Str("A status class.", pattern: "^[1-5]xx$")) },
                }),
        }));

    private static JsonObject Strategy(ScenarioLimits limits) => Object(
        "A way of using connections.",
        ["name", "connections"],
        ("name", Str("The strategy's name; it names its files.", pattern: ScenarioValidator.NamePattern)),
        ("connections", Str("per-request: a new connection for every request; pooled: a pool reused by all.", values: [.. Names.Connections.Names])),
        ("closeBy", Str("per-request only: who closes first (and so holds TIME_WAIT); reset: RST, no TIME_WAIT.", values: [.. Names.Closers.Names], defaultValue: Names.Closers[ScenarioConstants.CloseBy])),
        ("poolSize", Int($"pooled only: connections in the pool ({ScenarioValidator.MaxConcurrencySetting}).", 1, limits.MaxConcurrency, ScenarioConstants.PoolSize)),
        ("connectionLifetime", Dur($"pooled HTTP only: PooledConnectionLifetime, after which a pool connection is replaced; {Bounds(StrategyValidator.MinConnectionLifetime, StrategyValidator.MaxConnectionLifetime)}.")),
        ("tcpTwReuse", TcpTwReuse("net.ipv4.tcp_tw_reuse for this strategy's isolated namespace.")),
        ("portChoice", Str("Who picks the local port: connect() (per destination; EADDRNOTAVAIL when out) or bind(source, 0) before connect() (exclusive; TIME_WAIT holds it even with tcp_tw_reuse; EADDRINUSE when out).", values: [.. Names.PortChoices.Names], defaultValue: "connect")),
        ("sourcePorts", Range("Fixed source ports, used in turn (per-request tcp-echo): a port still in TIME_WAIT fails bind() with EADDRINUSE, or with reuseAddress connect() with EADDRNOTAVAIL.")),
        ("reuseAddress", Bool("With sourcePorts: SO_REUSEADDR on each socket.", false)),
        ("resilience", Object(
            "A Polly.Core pipeline around each request: retry outermost, then the circuit breaker, then the per-attempt timeout.",
            [],
            ("retry", Object(
                "Retries of failed attempts.",
                ["maxAttempts"],
                ("maxAttempts", Int("Attempts in all, the first included.", 1, ResilienceValidator.MaxAttempts, RetryOptions.DefaultMaxAttempts)),
                ("backoff", Str("How the delay grows between attempts.", values: [.. Names.Backoffs.Names], defaultValue: "constant")),
                ("delay", Dur($"The base delay; at most {Duration.Format(ResilienceValidator.MaxDelay)}.", RetryOptions.DefaultDelay)),
                ("jitter", Bool($"Spread each delay by +/-{RetryOptions.JitterSpread * 100}%.", false)),
                ("on", new JsonObject
                {
                    ["description"] = "The failures retried; default: every errno PortLoad tells apart.",
                    ["type"] = "array",
                    ["items"] = Str("A failure kind.", values: [.. Names.Errno.Names]),
                }))),
            ("timeout", Dur($"Per attempt; {Bounds(ResilienceValidator.MinAttemptTimeout, ResilienceValidator.MaxAttemptTimeout)}.")),
            ("circuitBreaker", Object(
                "Opens when too many attempts fail; open, it rejects requests (CircuitOpen) for breakDuration.",
                ["failureRatio"],
                ("failureRatio", Num("The share of failed attempts that opens it.", exclusiveMinimum: 0, maximum: 1)),
                ("minimumThroughput", Int("Attempts needed within samplingDuration before it may open.", 2, ResilienceValidator.MaxMinimumThroughput, CircuitBreakerOptions.DefaultMinimumThroughput)),
                ("samplingDuration", Dur($"The window failures are counted in; {Bounds(ResilienceValidator.MinBreakerWindow, ResilienceValidator.MaxBreakerWindow)}.", CircuitBreakerOptions.DefaultSamplingDuration)),
                ("breakDuration", Dur($"How long it stays open; {Bounds(ResilienceValidator.MinBreakerWindow, ResilienceValidator.MaxBreakerWindow)}.", CircuitBreakerOptions.DefaultBreakDuration)))))));

    private static JsonObject Simulation()
    {
        var defaults = new SimulationOptions();
        return Object(
            "What only portload simulate reads: an OS, a NAT or costs this machine cannot run.",
            [],
            ("os", Str("Whose defaults to model (range, TIME_WAIT length).", values: [.. OsDefaults.All.Select(o => o.Os)], defaultValue: defaults.Os.Os)),
            ("ephemeralPortRange", Range("The modelled ephemeral range; default: the OS's.")),
            ("timeWaitSeconds", Int("The modelled TIME_WAIT length; default: the OS's.", 1, SimulationValidator.MaxTimeWaitSeconds)),
            ("tcpTwReuse", TcpTwReuse("The modelled net.ipv4.tcp_tw_reuse.")),
            ("remoteTarget", Bool("Model a remote target (tcp_tw_reuse = 2 applies to loopback only).")),
            ("nat", new JsonObject
            {
                ["description"] = "A NAT between client and server: a preset's name, or its ports and how long it keeps a closed connection's mapping.",
                ["anyOf"] = new JsonArray(
                    Str("A preset.", values: [.. NatPresets.ByName.Keys]),
                    Object(
                        "A NAT of its own, or a preset with some of it changed.",
                        [],
                        ("kind", Str("linux: a Linux NAT (a bounded port search per flow, a closed connection's mapping taken over at once; releaseAfter is its conntrack TIME_WAIT); or a cloud NAT preset.", values: [NatOptions.LinuxKind, .. NatPresets.ByName.Keys])),
                        ("preset", Str("A preset to start from (the same as kind).", values: [.. NatPresets.ByName.Keys])),
                        ("ports", Int("Ports the NAT has for this client per destination.", 1, SimulationValidator.MaxNatPorts)),
                        ("releaseAfter", Dur($"How long a closed connection's mapping is kept; at most {Duration.Format(SimulationValidator.MaxReleaseAfter)}.")))),
            }),
            ("failedConnectMicroseconds", Num("Time a failed connect attempt takes the machine, the .NET exception included (summary.json calibration.failedAttemptMicroseconds of a closed-model run); default: the base connect cost plus the probes.", minimum: 0, maximum: SimulationValidator.MaxCost)),
            ("perProbeNanoseconds", Num("CPU cost of probing one port in connect()'s search.", minimum: 0, maximum: SimulationValidator.MaxCost, defaultValue: defaults.PerProbeNanoseconds)),
            ("loopConnectMicroseconds", Num("Time a connection that succeeds takes the machine in a closed model against the embedded server, both ends' work on the shared cores, probing apart (summary.json calibration.loopConnectMicroseconds of a closed-model run); default: connectMicroseconds, then serviceTime.", minimum: 0, maximum: SimulationValidator.MaxCost)),
            ("connectMicroseconds", Num("Fixed cost of one connect().", minimum: 0, maximum: SimulationValidator.MaxCost, defaultValue: defaults.ConnectMicroseconds)),
            ("serviceTime", Dur($"The modelled server's time per request; at most {Duration.Format(SimulationValidator.MaxServiceTime)}.", defaults.ServiceTime)),
            ("seed", Int("Seed of the run's chance: the model's random choices, and a measured run's retry jitter and exponential response delays.", int.MinValue, int.MaxValue, defaults.Seed)),
            ("maxTimeWaitBuckets", Int("Memory bound of the TIME_WAIT model.", 1, int.MaxValue, defaults.MaxTimeWaitBuckets)));
    }
}
