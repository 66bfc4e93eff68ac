namespace PortLoad.Scenarios;

/// <summary>What a hold phase needs of the rest: connections of their own (per-request strategies), a TCP target, and a client that closes.</summary>
internal static class HoldValidator
{
    public static void Check(ValidationErrors errors, Scenario scenario)
    {
        var at = scenario.Load.ToList().FindIndex(p => p is HoldPhase);
        if (at < 0)
        {
            return;
        }

        var path = $"load[{at}].hold";
        if (scenario.Target.Protocol != TargetProtocol.TcpEcho)
        {
            errors.Add(path, $"holds TCP connections: needs \"protocol\": \"tcp-echo\" (with payloadBytes 0 it only connects, for any TCP server), not {ValidationErrors.Quote(Names.Protocols[scenario.Target.Protocol])}");
        }

        for (var i = 0; i < scenario.Strategies.Count; i++)
        {
            var s = scenario.Strategies[i];
            if (s.Pooled)
            {
                errors.Add($"strategies[{i}].connections", $"\"pooled\" cannot take part in {path}: a held connection is one of its own; use \"per-request\"");
            }
            else if (s.CloseByOrDefault == CloseBy.Server)
            {
                errors.Add($"strategies[{i}].closeBy", $"\"server\" cannot end {path}: held connections are closed by the client at the phase's end (\"client\" or \"reset\")");
            }
        }
    }
}
