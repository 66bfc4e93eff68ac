using System.Net;

namespace PortLoad.Scenarios;

/// <summary>
/// Checks a finished <see cref="Scenario"/>, however it was made (read from a file, edited by a sweep,
/// built in a test): one validator per concern adds to one list, each error naming the JSON path and the
/// value, and nothing is thrown until every check has run.
/// </summary>
public static class ScenarioValidator
{
    public const string MaxRateSetting = "appsettings.json PortLoad:MaxRate";
    public const string MaxConcurrencySetting = "appsettings.json PortLoad:MaxConcurrency";
    public const string MaxHeldConnectionsSetting = "appsettings.json PortLoad:MaxHeldConnections";
    public static readonly TimeSpan MinSamplingInterval = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan MaxSamplingInterval = TimeSpan.FromMinutes(1);
    public const int MaxPayloadBytes = 1 << 20;
    public static readonly TimeSpan MinRequestTimeout = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxResponseDelay = TimeSpan.FromMinutes(1);

    /// <summary>Every problem with <paramref name="scenario"/> under <paramref name="limits"/>; empty when it may run.</summary>
    public static IReadOnlyList<ScenarioError> Errors(Scenario scenario, ScenarioLimits limits)
    {
        var errors = new ValidationErrors(scenario.SourceFile ?? "scenario");
        Name(errors, "name", scenario.Name, " (it names the results folder)");
        Target(errors, scenario.Target, limits);
        LoadValidator.Check(errors, scenario.Load, scenario.Parallel ? 1 : scenario.Strategies.Count, limits);
        if (scenario.Parallel && !scenario.Network.Isolated)
        {
            errors.Add("parallel", "needs \"network\": { \"namespace\": \"isolated\" }: strategies at the same time in one namespace would share its ports and count each other's sockets");
        }

        errors.Between("request.payloadBytes", scenario.Request.PayloadBytes, 0, MaxPayloadBytes);
        errors.Between("request.timeout", scenario.Request.Timeout, MinRequestTimeout, MaxRequestTimeout);
        RequestValidator.Check(errors, scenario);
        errors.Between("sampling.interval", scenario.SamplingInterval, MinSamplingInterval, MaxSamplingInterval);
        if (scenario.WarmUp is { } warmUp)
        {
            errors.Between("warmUp.during", warmUp.During, TimeSpan.Zero, WarmUpOptions.MaxDuring);
            errors.Between("warmUp.rate", warmUp.Rate, 0, limits.MaxRate, minExclusive: true, maxReason: MaxRateSetting);
        }

        StrategyValidator.Check(errors, scenario, limits);
        HoldValidator.Check(errors, scenario);
        Network(errors, scenario, limits);
        Thresholds(errors, scenario);
        if (scenario.Simulation is { } simulation)
        {
            SimulationValidator.Check(errors, simulation, limits);
        }

        return errors.All;
    }

    /// <summary><paramref name="scenario"/> itself when it passes; a <see cref="ScenarioException"/> with every problem otherwise.</summary>
    public static Scenario Validated(this Scenario scenario, ScenarioLimits limits) =>
        Errors(scenario, limits) is { Count: > 0 } errors ? throw new ScenarioException(errors) : scenario;

    internal static void Name(ValidationErrors errors, string path, string name, string why = "")
    {
        if (!Names.IsSafe(name))
        {
            errors.Add(path, $"{ValidationErrors.Quote(name)} must be 1-64 letters, digits, '.', '_' or '-'{why}");
        }
    }

    private static void Target(ValidationErrors errors, TargetOptions t, ScenarioLimits limits)
    {
        if (t.Embedded && (t.Host is not null || t.Port is not null))
        {
            errors.Add("target", "give either \"server\": \"embedded\" or \"host\" and \"port\", not both");
        }
        else if (!t.Embedded && t.Port is null)
        {
            errors.Add("target", "needs \"server\": \"embedded\" or both \"host\" and \"port\"");
        }
        else if (!t.Embedded && t.Host is null)
        {
            errors.Add("target.host", "is required with \"port\"");
        }

        errors.Between("target.port", t.Port, 1, 65535);
        Destinations(errors, t);
        if (t.Http2 && !t.IsHttp)
        {
            errors.Add("target.httpVersion", "applies to http and https targets only");
        }

        if (t.Tls is not null && t.Protocol != TargetProtocol.Https)
        {
            errors.Add("target.tls", "applies to \"protocol\": \"https\" only");
        }

        if (t.ResponseDelay is { } delay)
        {
            errors.Between("target.responseDelay", delay.Mean, TimeSpan.Zero, MaxResponseDelay);
            if (!t.Embedded)
            {
                errors.Add("target.responseDelay", "applies to the embedded server only; a real server takes the time it takes");
            }
        }

        if (!t.Path.StartsWith('/'))
        {
            errors.Add("target.path", $"\"{t.Path}\" must start with '/'");
        }

        if (t.Host is { } host && !TargetOptions.IsLoopbackHost(host) && !t.AllowRemote && !limits.AllowRemoteTargets)
        {
            errors.Add("target.host",
                $"\"{host}\" is not a loopback address; remote targets are refused unless the scenario sets "
                + "\"target.allowRemote\": true or appsettings.json sets PortLoad:AllowRemoteTargets to true");
        }
    }

    public const int MaxDestinations = 64;

    /// <summary>Several server ports, round-robin: the embedded server's listenPorts, a host's ports; TCP echo only.</summary>
    private static void Destinations(ValidationErrors errors, TargetOptions t)
    {
        errors.Between("target.listenPorts", t.ListenPorts, 1, MaxDestinations);
        if (!t.Embedded && t.ListenPorts != 1)
        {
            errors.Add("target.listenPorts", "applies to the embedded server; give a host's ports as \"ports\": [..]");
        }

        if (t.Ports.Count > MaxDestinations)
        {
            errors.Add("target.ports", Invariant.Format($"lists {t.Ports.Count} ports; at most {MaxDestinations}"));
        }

        for (var i = 0; i < t.Ports.Count; i++)
        {
            errors.Between($"target.ports[{i}]", t.Ports[i], 1, 65535);
            if (t.Ports.Take(i).Contains(t.Ports[i]))
            {
                errors.Add($"target.ports[{i}]", Invariant.Format($"{t.Ports[i]} is listed twice"));
            }
        }

        if (t.Destinations > 1 && t.Protocol != TargetProtocol.TcpEcho)
        {
            errors.Add(t.Embedded ? "target.listenPorts" : "target.ports", "several server ports work with \"protocol\": \"tcp-echo\" only (HTTP clients pool per origin)");
        }
    }

    private static void Thresholds(ValidationErrors errors, Scenario scenario)
    {
        var strategies = scenario.Strategies.Select(s => s.Name).Append(ThresholdOptions.EveryStrategy).ToList();
        for (var i = 0; i < scenario.Thresholds.Count; i++)
        {
            var t = scenario.Thresholds[i];
            var path = $"thresholds[{i}]";
            if (!ThresholdMetrics.Names.Contains(t.Metric))
            {
                errors.Add($"{path}.metric", NearestName.NotAllowed(t.Metric, [.. ThresholdMetrics.Names], "is not a figure of summary.json or of a plan"));
            }

            if (!strategies.Contains(t.Strategy))
            {
                errors.Add($"{path}.strategy", NearestName.NotAllowed(t.Strategy, strategies, "is not a strategy of this scenario"));
            }

            if (t.Max is null && t.Min is null)
            {
                errors.Add(path, "needs \"max\", \"min\" or both");
            }
            else if (t.Min > t.Max)
            {
                errors.Add(path, Invariant.Format($"min {t.Min} is above max {t.Max}: nothing could pass"));
            }
        }
    }

    private static void Network(ValidationErrors errors, Scenario scenario, ScenarioLimits limits)
    {
        var n = scenario.Network;
        errors.Range("network.ephemeralPortRange", n.EphemeralPortRange);
        errors.TcpTwReuse("network.tcpTwReuse", n.TcpTwReuse);
        if (!n.Isolated && (n.EphemeralPortRange is not null || n.TcpTwReuse is not null))
        {
            errors.Add("network", "ephemeralPortRange and tcpTwReuse apply inside an isolated namespace only: PortLoad never changes the host's settings; set \"namespace\": \"isolated\"");
        }

        Routed(errors, scenario, limits);

        // The embedded server listens on 127.0.0.1; a host given as an address says its family too.
        var target = scenario.Target.Embedded ? IPAddress.Loopback : IPAddress.TryParse(scenario.Target.Host, out var host) ? host : null;
        var seen = new HashSet<IPAddress>();
        for (var i = 0; i < scenario.SourceAddresses.Count; i++)
        {
            var source = scenario.SourceAddresses[i];
            if (!seen.Add(source))
            {
                errors.Add($"clients.sourceAddresses[{i}]", $"\"{source}\" is listed twice");
            }
            else if (target is not null && source.AddressFamily != target.AddressFamily && !source.Equals(IPAddress.None))
            {
                errors.Add($"clients.sourceAddresses[{i}]", $"\"{source}\" is {Family(source)} but the target {target} is {Family(target)}: a connection's two ends must be of one family");
            }
        }
    }

    /// <summary>Instances and a NAT: namespaces PortLoad builds (a router, a server, a client per instance), so isolated
    /// only; clients have an address each, the server is the embedded TCP echo server in its own namespace.</summary>
    private static void Routed(ValidationErrors errors, Scenario scenario, ScenarioLimits limits)
    {
        var n = scenario.Network;
        errors.Between("network.instances", n.Instances, 1, limits.MaxInstances, maxReason: limits.ForSimulation ? null : "a namespace each; the simulator takes " + ScenarioLimits.SimulatedInstances.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (n.Nat is { } nat)
        {
            errors.Between("network.nat.ports", nat.Ports, 1, RouterNat.MaxPorts);
            errors.Between("network.nat.timeWait", nat.TimeWait, RouterNat.MinTimeWait, RouterNat.MaxTimeWait);
        }

        if (!n.Routed)
        {
            return;
        }

        var what = n.Nat is null ? "network.instances" : "network.nat";
        if (!n.Isolated)
        {
            errors.Add(what, "builds namespaces of its own (clients, a router, the server): set \"namespace\": \"isolated\"");
        }

        if (!scenario.Target.Embedded || scenario.Target.Protocol != TargetProtocol.TcpEcho)
        {
            errors.Add(what, "puts the embedded tcp-echo server in a namespace behind the router: use \"target\": { \"server\": \"embedded\", \"protocol\": \"tcp-echo\" }");
        }

        if (scenario.SourceAddresses.Count > 0)
        {
            errors.Add("clients.sourceAddresses", $"cannot go with {what}: each client namespace has its own address (10.77.i.2)");
        }

        if (scenario.Parallel)
        {
            errors.Add("parallel", $"cannot go with {what}: strategies run one after another through the same router");
        }

        if (scenario.Target.ListenPorts > 1)
        {
            errors.Add("target.listenPorts", $"cannot go with {what}: the server behind the router listens on one port");
        }
    }

    private static string Family(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    /// <summary>Names of scenarios and strategies (they name folders and files).</summary>
    public const string NamePattern = Names.NamePattern;
}
