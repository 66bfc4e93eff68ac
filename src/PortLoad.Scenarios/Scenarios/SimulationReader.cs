using System.Text.Json;

namespace PortLoad.Scenarios;

/// <summary>Reads a scenario's "simulation" block.</summary>
internal static class SimulationReader
{
    private static readonly Dictionary<string, OsDefaults> Systems = OsDefaults.All.ToDictionary(o => o.Os);

    public static SimulationOptions? Read(JsonFieldReader reader, JsonFields root)
    {
        var s = root.Object("simulation", false, ScenarioFields.Of("simulation"));
        if (s is null)
        {
            return null;
        }

        var defaults = new SimulationOptions();
        return new SimulationOptions
        {
            Os = s.String("os") is { } os ? Lookup(reader, $"{s.Path}.os", os, Systems, "is not allowed") ?? defaults.Os : defaults.Os,
            EphemeralPortRange = NetworkReader.ReadRange(reader, s, "ephemeralPortRange"),
            TimeWaitSeconds = s.Integer("timeWaitSeconds"),
            TcpTwReuse = s.Integer("tcpTwReuse"),
            RemoteTarget = s.Bool("remoteTarget"),
            Nat = ReadNat(reader, s),
            PerProbeNanoseconds = s.Number("perProbeNanoseconds") ?? defaults.PerProbeNanoseconds,
            FailedConnectMicroseconds = s.Number("failedConnectMicroseconds"),
            LoopConnectMicroseconds = s.Number("loopConnectMicroseconds"),
            ConnectMicroseconds = s.Number("connectMicroseconds") ?? defaults.ConnectMicroseconds,
            ServiceTime = s.Duration("serviceTime") ?? defaults.ServiceTime,
            Seed = s.Integer("seed") ?? defaults.Seed,
            MaxTimeWaitBuckets = s.Integer("maxTimeWaitBuckets") ?? defaults.MaxTimeWaitBuckets,
        };
    }

    private static NatOptions? ReadNat(JsonFieldReader reader, JsonFields s)
    {
        if (s.Get("nat") is not { } e)
        {
            return null;
        }

        var path = $"{s.Path}.nat";
        if (e.ValueKind == JsonValueKind.String)
        {
            return Preset(reader, path, e.GetString()!);
        }

        var nat = reader.Object(e, path, ScenarioFields.Of("simulation.nat"));
        if (nat is null)
        {
            return null;
        }

        // "kind": "linux" is a Linux NAT (bounded search, TIME_WAIT mappings taken over); any other kind is a cloud preset.
        if (nat.String("kind") is NatOptions.LinuxKind)
        {
            return new NatOptions(NatOptions.LinuxKind, nat.Integer("ports", required: true) ?? 1, nat.Duration("releaseAfter") ?? RouterNat.DefaultTimeWait);
        }

        var kind = nat.String("kind") ?? nat.String("preset");
        var preset = kind is { } name ? Preset(reader, $"{path}.{(nat.String("kind") is null ? "preset" : "kind")}", name) : null;
        var ports = nat.Integer("ports", required: preset is null);
        var release = nat.Duration("releaseAfter", required: preset is null);
        return new NatOptions(preset?.Name ?? "custom", ports ?? preset?.Ports ?? 1, release ?? preset?.ReleaseAfter ?? TimeSpan.Zero) { PerInstance = preset?.PerInstance ?? false };
    }

    private static NatOptions? Preset(JsonFieldReader reader, string path, string name) =>
        Lookup(reader, path, name, NatPresets.ByName, "is not a NAT kind", ", \"linux\", or { \"ports\": N, \"releaseAfter\": \"240s\" }");

    private static T? Lookup<T>(JsonFieldReader reader, string path, string name, IReadOnlyDictionary<string, T> known, string what, string orElse = "")
        where T : class
    {
        if (known.TryGetValue(name, out var value))
        {
            return value;
        }

        reader.Error(path, NearestName.NotAllowed(name, known.Keys.ToList(), what) + orElse);
        return null;
    }
}
