namespace PortLoad.Scenarios;

/// <summary>Checks each strategy: a unique safe name, options that fit its kind of connection, and its resilience pipeline.</summary>
internal static class StrategyValidator
{
    public static readonly TimeSpan MinConnectionLifetime = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxConnectionLifetime = TimeSpan.FromDays(1);

    public static void Check(ValidationErrors errors, Scenario scenario, ScenarioLimits limits)
    {
        if (scenario.Strategies.Count == 0)
        {
            errors.Add("strategies", "must not be empty");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Strategies.Count; i++)
        {
            var s = scenario.Strategies[i];
            var path = $"strategies[{i}]";
            ScenarioValidator.Name(errors, $"{path}.name", s.Name);
            if (!names.Add(s.Name))
            {
                errors.Add($"{path}.name", $"{ValidationErrors.Quote(s.Name)} is used by an earlier strategy; names must be unique");
            }

            errors.Between($"{path}.poolSize", s.PoolSize, 1, limits.MaxConcurrency, maxReason: ScenarioValidator.MaxConcurrencySetting);
            errors.TcpTwReuse($"{path}.tcpTwReuse", s.TcpTwReuse);
            if (s.TcpTwReuse is not null && !scenario.Network.Isolated)
            {
                errors.Add($"{path}.tcpTwReuse", "applies inside an isolated namespace only: PortLoad never changes the host's settings; set \"network\": { \"namespace\": \"isolated\" }");
            }

            SourcePorts(errors, scenario, s, path);
            if (s.CloseBy == CloseBy.Server && scenario.Target.Http2)
            {
                errors.Add($"{path}.closeBy", "\"server\" needs HTTP/1.1 (Connection: close); HTTP/2 has no such header");
            }
            else if (s.CloseBy == CloseBy.Server && scenario.Target.Protocol == TargetProtocol.Https)
            {
                // Waiting for the server's FIN under TLS stalls (the server waits for the client's close_notify first).
                errors.Add($"{path}.closeBy", "\"server\" is not supported over https yet; use http to show the server closing first");
            }

            if (s.Pooled && s.CloseBy is not null)
            {
                errors.Add($"{path}.closeBy", "applies to per-request connections only; a pool keeps its connections open");
            }

            if (!s.Pooled && s.PoolSize is not null)
            {
                errors.Add($"{path}.poolSize", "applies to pooled connections only");
            }

            if (s.ConnectionLifetime is { } lifetime)
            {
                errors.Between($"{path}.connectionLifetime", lifetime, MinConnectionLifetime, MaxConnectionLifetime);
                if (!s.Pooled || !scenario.Target.IsHttp)
                {
                    errors.Add($"{path}.connectionLifetime", "applies to pooled HTTP connections only (SocketsHttpHandler.PooledConnectionLifetime)");
                }
            }

            if (s.Resilience is { } resilience)
            {
                ResilienceValidator.Check(errors, $"{path}.resilience", resilience);
            }
        }
    }

    /// <summary>Fixed source ports: per-request TCP only, a range of at most 64,512 ports, and the rules they bring.</summary>
    private static void SourcePorts(ValidationErrors errors, Scenario scenario, StrategyOptions s, string path)
    {
        if (s.SourcePorts is not { } ports)
        {
            if (s.ReuseAddress)
            {
                errors.Add($"{path}.reuseAddress", "applies with \"sourcePorts\" only");
            }

            return;
        }

        errors.Range($"{path}.sourcePorts", ports);
        if (s.Pooled || scenario.Target.IsHttp)
        {
            errors.Add($"{path}.sourcePorts", "fixed source ports are for per-request tcp-echo strategies");
        }

        if (s.PortChoice == PortChoice.Bind)
        {
            errors.Add($"{path}.sourcePorts", "already decides the port; leave out \"portChoice\"");
        }
    }
}
