using System.Text.Json;

namespace PortLoad.Scenarios;

/// <summary>
/// Reads a scenario file's JSON into records, strictly: unknown fields, wrong types and missing
/// required fields are all collected, each with the file, the JSON path and the value. Values are
/// not judged here but by <see cref="ScenarioValidator"/>, which a scenario built in code meets too;
/// where a field cannot be read, a placeholder keeps its place so the validator's paths still match.
/// </summary>
internal static class ScenarioReader
{
    public static Scenario? Read(JsonFieldReader reader, JsonElement root, string file)
    {
        var obj = reader.Object(root, "", ScenarioFields.Of(""));
        if (obj is null)
        {
            return null;
        }

        return new Scenario
        {
            Name = obj.String("name", required: true) ?? "",
            Description = obj.String("description") ?? "",
            Target = ReadTarget(reader, obj),
            Load = ReadLoad(reader, obj),
            Request = RequestReader.Read(reader, obj),
            Strategies = ReadStrategies(reader, obj),
            SamplingInterval = obj.Object("sampling", false, ScenarioFields.Of("sampling"))?.Duration("interval"),
            Network = NetworkReader.ReadNetwork(reader, obj),
            SourceAddresses = NetworkReader.ReadSourceAddresses(reader, obj),
            Simulation = SimulationReader.Read(reader, obj),
            Thresholds = ReadThresholds(reader, obj),
            WarmUp = ReadWarmUp(reader, obj),
            Parallel = obj.Bool("parallel") ?? false,
            SourceFile = file,
        };
    }

    private static TargetOptions ReadTarget(JsonFieldReader reader, JsonFields root)
    {
        var t = root.Object("target", true, ScenarioFields.Of("target"));
        if (t is null)
        {
            return new TargetOptions();
        }

        var server = t.String("server");
        if (server is not null && server != "embedded")
        {
            reader.Error($"{t.Path}.server", $"\"{server}\" is not allowed; allowed: embedded (or give host and port instead)");
        }

        var ports = new List<int>();
        foreach (var (element, path) in t.Array("ports"))
        {
            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var port))
            {
                ports.Add(port);
            }
            else
            {
                reader.Error(path, $"{JsonFieldReader.Show(element)} must be a port number");
            }
        }

        if (ports.Count > 0 && t.Get("port") is not null)
        {
            reader.Error($"{t.Path}.ports", "give \"port\" or \"ports\", not both");
        }

        return new TargetOptions
        {
            Embedded = server is not null,
            Host = t.String("host"),
            Port = t.Integer("port") ?? (ports.Count > 0 ? ports[0] : null),
            Ports = ports,
            ListenPorts = t.Integer("listenPorts") ?? 1,
            Protocol = t.Choice("protocol", Names.Protocols, required: true) ?? TargetProtocol.TcpEcho,
            Path = t.String("path") ?? "/",
            AllowRemote = t.Bool("allowRemote") ?? false,
            ResponseDelay = ReadResponseDelay(reader, t),
            Http2 = ReadHttpVersion(reader, t),
            Tls = t.Object("tls", false, ScenarioFields.Of("target.tls")) is { } tls ? new TlsOptions(tls.Bool("insecureSkipVerify") ?? false) : null,
        };
    }

    /// <summary>"1.1" (the default) or "2".</summary>
    private static bool ReadHttpVersion(JsonFieldReader reader, JsonFields target)
    {
        var version = target.String("httpVersion");
        if (version is null or "1.1")
        {
            return false;
        }

        if (version != "2")
        {
            reader.Error($"{target.Path}.httpVersion", NearestName.NotAllowed(version, ["1.1", "2"]));
        }

        return version == "2";
    }

    /// <summary>"200ms", or { "mean": "200ms", "distribution": "exponential" }.</summary>
    private static ResponseDelay? ReadResponseDelay(JsonFieldReader reader, JsonFields target)
    {
        if (target.Get("responseDelay") is not { } e)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.String)
        {
            return target.Duration("responseDelay") is { } fixedDelay ? new ResponseDelay(fixedDelay) : null;
        }

        var d = reader.Object(e, $"{target.Path}.responseDelay", ScenarioFields.Of("target.responseDelay"));
        return d?.Duration("mean", required: true) is { } mean
            ? new ResponseDelay(mean, d.Choice("distribution", Names.Distributions) ?? DelayDistribution.Fixed)
            : null;
    }

    private static List<LoadPhase> ReadLoad(JsonFieldReader reader, JsonFields root)
    {
        var phases = new List<LoadPhase>();
        foreach (var (element, path) in root.Array("load", required: true))
        {
            phases.Add(ReadPhase(reader, element, path) ?? new PausePhase(TimeSpan.Zero));
        }

        return phases;
    }

    private static LoadPhase? ReadPhase(JsonFieldReader reader, JsonElement element, string path)
    {
        var step = reader.Object(element, path, ScenarioFields.Of("load[]"));
        if (step is null)
        {
            return null;
        }

        var kinds = step.Names.ToList();
        if (kinds.Count != 1)
        {
            reader.Error(path, $"must have exactly one of inject, rampInject, keepConstant, pause, hold (found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))})");
            return null;
        }

        var kind = kinds[0];
        switch (kind)
        {
            case "inject":
                var inject = step.Object(kind, true, ScenarioFields.Of("load[].inject"));
                return new InjectPhase(inject?.Number("rate", required: true) ?? 0, During(inject));
            case "rampInject":
                var ramp = step.Object(kind, true, ScenarioFields.Of("load[].rampInject"));
                return new RampInjectPhase(ramp?.Number("from", required: true) ?? 0, ramp?.Number("to", required: true) ?? 0, During(ramp));
            case "keepConstant":
                var keep = step.Object(kind, true, ScenarioFields.Of("load[].keepConstant"));
                return new KeepConstantPhase(keep?.Integer("copies", required: true) ?? 0, During(keep));
            case "hold":
                var hold = step.Object(kind, true, ScenarioFields.Of("load[].hold"));
                return new HoldPhase(hold?.Integer("connections", required: true) ?? 0, hold?.Number("openRate", required: true) ?? 0, During(hold));
            default:
                return new PausePhase(During(step.Object(kind, true, ScenarioFields.Of("load[].pause"))));
        }

        static TimeSpan During(JsonFields? phase) => phase?.Duration("during", required: true) ?? TimeSpan.Zero;
    }

    /// <summary>Absent: the default warm-up; null: none; else { "during": "2s", "rate": 50 }, either left out taking the default's.</summary>
    private static WarmUpOptions? ReadWarmUp(JsonFieldReader reader, JsonFields root)
    {
        if (root.Get("warmUp") is not { } e)
        {
            return WarmUpOptions.Default;
        }

        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var w = reader.Object(e, "warmUp", ScenarioFields.Of("warmUp"));
        return new WarmUpOptions(w?.Duration("during") ?? WarmUpOptions.Default.During, w?.Number("rate") ?? WarmUpOptions.Default.Rate);
    }

    private static List<ThresholdOptions> ReadThresholds(JsonFieldReader reader, JsonFields root)
    {
        var thresholds = new List<ThresholdOptions>();
        foreach (var (element, path) in root.Array("thresholds"))
        {
            var t = reader.Object(element, path, ScenarioFields.Of("thresholds[]"));
            thresholds.Add(new ThresholdOptions(
                t?.String("strategy") ?? ThresholdOptions.EveryStrategy,
                t?.String("metric", required: true) ?? "",
                t?.Number("max"),
                t?.Number("min")));
        }

        return thresholds;
    }

    private static List<StrategyOptions> ReadStrategies(JsonFieldReader reader, JsonFields root)
    {
        var strategies = new List<StrategyOptions>();
        foreach (var (element, path) in root.Array("strategies", required: true))
        {
            var s = reader.Object(element, path, ScenarioFields.Of("strategies[]"));
            strategies.Add(s is null
                ? new StrategyOptions { Name = "" }
                : new StrategyOptions
                {
                    Name = s.String("name", required: true) ?? "",
                    Connections = s.Choice("connections", Names.Connections, required: true) ?? ConnectionMode.PerRequest,
                    CloseBy = s.Choice("closeBy", Names.Closers),
                    PoolSize = s.Integer("poolSize"),
                    ConnectionLifetime = s.Duration("connectionLifetime"),
                    TcpTwReuse = s.Integer("tcpTwReuse"),
                    PortChoice = s.Choice("portChoice", Names.PortChoices),
                    SourcePorts = NetworkReader.ReadRange(reader, s, "sourcePorts"),
                    ReuseAddress = s.Bool("reuseAddress") ?? false,
                    Resilience = ResilienceReader.Read(reader, s),
                });
        }

        return strategies;
    }
}
