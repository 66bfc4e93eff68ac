using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortLoad.HostInfo;
using PortLoad.Load;

namespace PortLoad.Scenarios;

/// <summary>
/// Parses scenario files strictly: unknown fields, wrong types and out-of-range values are all
/// collected and reported together, each with the file, the JSON path and the value.
/// </summary>
public sealed partial class ScenarioParser(ScenarioLimits limits)
{
    private static readonly Dictionary<string, TargetProtocol> Protocols = new()
    {
        ["tcp-echo"] = TargetProtocol.TcpEcho,
        ["http"] = TargetProtocol.Http,
    };

    private static readonly Dictionary<string, ConnectionMode> ConnectionModes = new()
    {
        ["per-request"] = ConnectionMode.PerRequest,
        ["pooled"] = ConnectionMode.Pooled,
    };

    private static readonly Dictionary<string, CloseBy> Closers = new()
    {
        ["client"] = CloseBy.Client,
        ["server"] = CloseBy.Server,
        ["reset"] = CloseBy.Reset,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    public Scenario ParseFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message;
            throw new ScenarioException([new ScenarioError(path, "", why)]);
        }

        return Parse(json, path);
    }

    public Scenario Parse(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; editors count from 1.
            var where = $"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}";
            throw new ScenarioException([new ScenarioError(file, "", $"invalid JSON at {where}: {FirstSentence(e.Message)}")]);
        }

        using (document)
        {
            var reader = new JsonFieldReader(file);
            var scenario = Read(reader, document.RootElement, file) is { } parsed ? parsed with { SourceJson = json } : null;
            if (reader.Errors.Count > 0 || scenario is null)
            {
                throw new ScenarioException(reader.Errors);
            }

            return scenario;
        }
    }

    private Scenario? Read(JsonFieldReader reader, JsonElement root, string file)
    {
        var obj = reader.Object(root, "", "name", "description", "target", "load", "request", "strategies", "sampling", "network", "clients", "simulation");
        if (obj is null)
        {
            return null;
        }

        var name = obj.String("name", required: true);
        if (name is not null && !SafeName().IsMatch(name))
        {
            reader.Error("name", $"\"{name}\" must be 1-64 letters, digits, '.', '_' or '-' (it names the results folder)");
        }

        var target = ReadTarget(reader, obj);
        var load = ReadLoad(reader, obj);
        var request = ReadRequest(obj);
        // A peek only: the network block's own errors are reported by ReadNetwork.
        var isolated = obj.Get("network") is { ValueKind: JsonValueKind.Object } n
                       && n.TryGetProperty("namespace", out var ns) && ns.ValueKind == JsonValueKind.String && ns.GetString() == "isolated";
        var strategies = ReadStrategies(reader, obj, isolated);
        var sampling = obj.Object("sampling", false, "interval")
            ?.Duration("interval", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));

        var network = NetworkReader.ReadNetwork(reader, obj);
        var sources = NetworkReader.ReadSourceAddresses(reader, obj);
        var simulation = SimulationReader.Read(reader, obj);
        if (simulation is not null && !limits.ForSimulation)
        {
            reader.Error("simulation", "this block is for 'portload simulate' only (an OS, a NAT or costs this machine cannot run); remove it to run the scenario for real, or simulate it");
        }

        if (reader.Errors.Count > 0 || name is null || target is null)
        {
            return null;
        }

        return new Scenario
        {
            Name = name,
            Description = obj.String("description") ?? "",
            Target = target,
            Load = load,
            Request = request,
            Strategies = strategies,
            SamplingInterval = sampling,
            Network = network,
            SourceAddresses = sources,
            Simulation = simulation,
            SourceFile = file,
        };
    }

    private TargetOptions? ReadTarget(JsonFieldReader reader, JsonFields root)
    {
        var t = root.Object("target", true, "server", "host", "port", "protocol", "path", "allowRemote");
        if (t is null)
        {
            return null;
        }

        var server = t.String("server");
        var host = t.String("host");
        var port = t.Integer("port", 1, 65535);
        var protocol = t.Choice("protocol", Protocols, required: true) ?? TargetProtocol.TcpEcho;
        var path = t.String("path") ?? "/";
        var allowRemote = t.Bool("allowRemote") ?? false;

        if (server is not null && server != "embedded")
        {
            reader.Error($"{t.Path}.server", $"\"{server}\" is not allowed; allowed: embedded (or give host and port instead)");
        }

        if (server is not null && (host is not null || t.Has("port")))
        {
            reader.Error(t.Path, "give either \"server\": \"embedded\" or \"host\" and \"port\", not both");
        }
        else if (server is null && (host is null || port is null) && !t.Has("port"))
        {
            reader.Error(t.Path, "needs \"server\": \"embedded\" or both \"host\" and \"port\"");
        }
        else if (server is null && host is null)
        {
            reader.Error($"{t.Path}.host", "is required with \"port\"");
        }

        if (!path.StartsWith('/'))
        {
            reader.Error($"{t.Path}.path", $"\"{path}\" must start with '/'");
        }

        if (host is not null && !IsLoopback(host) && !allowRemote && !limits.AllowRemoteTargets)
        {
            reader.Error($"{t.Path}.host",
                $"\"{host}\" is not a loopback address; remote targets are refused unless the scenario sets "
                + "\"target.allowRemote\": true or appsettings.json sets PortLoad:AllowRemoteTargets to true");
        }

        return new TargetOptions
        {
            Embedded = server == "embedded",
            Host = host,
            Port = port,
            Protocol = protocol,
            Path = path,
            AllowRemote = allowRemote,
        };
    }

    private List<LoadPhase> ReadLoad(JsonFieldReader reader, JsonFields root)
    {
        var phases = new List<LoadPhase>();
        foreach (var (element, path) in root.Array("load", required: true))
        {
            var step = reader.Object(element, path, "inject", "rampInject", "keepConstant", "pause");
            if (step is null)
            {
                continue;
            }

            var kinds = step.Names.ToList();
            if (kinds.Count != 1)
            {
                reader.Error(path, $"must have exactly one of inject, rampInject, keepConstant, pause (found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))})");
                continue;
            }

            if (ReadPhase(step, kinds[0]) is { } phase)
            {
                phases.Add(phase);
            }
        }

        var total = phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.During);
        if (total > limits.MaxRunDuration)
        {
            reader.Error("load", $"phases last {Duration.Format(total)} in all; the longest run allowed is {Duration.Format(limits.MaxRunDuration)} (appsettings.json PortLoad:MaxRunDuration)");
        }

        return phases;
    }

    private LoadPhase? ReadPhase(JsonFields step, string kind)
    {
        const string rateCap = "appsettings.json PortLoad:MaxRate";
        var max = limits.MaxRunDuration;
        switch (kind)
        {
            case "inject":
                var inject = step.Object(kind, true, "rate", "during");
                var rate = inject?.Number("rate", 0, limits.MaxRate, minExclusive: true, required: true, maxReason: rateCap);
                var during = inject?.Duration("during", TimeSpan.Zero, max, required: true);
                return rate is null || during is null ? null : new InjectPhase(rate.Value, during.Value);
            case "rampInject":
                var ramp = step.Object(kind, true, "from", "to", "during");
                var from = ramp?.Number("from", 0, limits.MaxRate, required: true, maxReason: rateCap);
                var to = ramp?.Number("to", 0, limits.MaxRate, required: true, maxReason: rateCap);
                var rampDuring = ramp?.Duration("during", TimeSpan.Zero, max, required: true);
                return from is null || to is null || rampDuring is null ? null : new RampInjectPhase(from.Value, to.Value, rampDuring.Value);
            case "keepConstant":
                var keep = step.Object(kind, true, "copies", "during");
                var copies = keep?.Integer("copies", 1, limits.MaxConcurrency, required: true, maxReason: "appsettings.json PortLoad:MaxConcurrency");
                var keepDuring = keep?.Duration("during", TimeSpan.Zero, max, required: true);
                return copies is null || keepDuring is null ? null : new KeepConstantPhase(copies.Value, keepDuring.Value);
            default:
                var pause = step.Object(kind, true, "during");
                var pauseDuring = pause?.Duration("during", TimeSpan.Zero, max, required: true);
                return pauseDuring is null ? null : new PausePhase(pauseDuring.Value);
        }
    }

    private static RequestOptions ReadRequest(JsonFields root)
    {
        var r = root.Object("request", false, "payloadBytes", "timeout");
        return new RequestOptions
        {
            PayloadBytes = r?.Integer("payloadBytes", 0, 1 << 20) ?? ScenarioDefaults.PayloadBytes,
            Timeout = r?.Duration("timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(2)) ?? ScenarioDefaults.RequestTimeout,
        };
    }

    private List<StrategyOptions> ReadStrategies(JsonFieldReader reader, JsonFields root, bool isolated)
    {
        var strategies = new List<StrategyOptions>();
        foreach (var (element, path) in root.Array("strategies", required: true))
        {
            var s = reader.Object(element, path, "name", "connections", "closeBy", "poolSize", "tcpTwReuse", "resilience");
            if (s is null)
            {
                continue;
            }

            var name = s.String("name", required: true);
            var mode = s.Choice("connections", ConnectionModes, required: true);
            var closeBy = s.Choice("closeBy", Closers);
            var poolSize = s.Integer("poolSize", 1, limits.MaxConcurrency, maxReason: "appsettings.json PortLoad:MaxConcurrency");
            var reuse = s.Integer("tcpTwReuse", 0, 2);
            var resilience = ResilienceReader.Read(reader, s);
            if (s.Has("tcpTwReuse") && !isolated)
            {
                reader.Error($"{path}.tcpTwReuse", "applies inside an isolated namespace only: PortLoad never changes the host's settings; set \"network\": { \"namespace\": \"isolated\" }");
            }

            if (name is not null && !SafeName().IsMatch(name))
            {
                reader.Error($"{path}.name", $"\"{name}\" must be 1-64 letters, digits, '.', '_' or '-'");
            }
            else if (name is not null && strategies.Any(x => x.Name == name))
            {
                reader.Error($"{path}.name", $"\"{name}\" is used by an earlier strategy; names must be unique");
            }

            if (mode == ConnectionMode.Pooled && s.Has("closeBy"))
            {
                reader.Error($"{path}.closeBy", "applies to per-request connections only; a pool keeps its connections open");
            }

            if (mode == ConnectionMode.PerRequest && s.Has("poolSize"))
            {
                reader.Error($"{path}.poolSize", "applies to pooled connections only");
            }

            if (name is not null && mode is not null)
            {
                strategies.Add(new StrategyOptions
                {
                    Name = name,
                    Connections = mode.Value,
                    CloseBy = closeBy ?? CloseBy.Client,
                    PoolSize = poolSize ?? ScenarioDefaults.PoolSize,
                    TcpTwReuse = reuse,
                    Resilience = resilience,
                });
            }
        }

        return strategies;
    }

    /// <summary>Whether a scenario file asks for the simulator (has a "simulation" block), so it is checked against the simulator's limits.</summary>
    public static bool WantsSimulation(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("simulation", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    // System.Text.Json appends its own (0-based) position; ours is already in the message.
    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd();
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SafeName();
}
