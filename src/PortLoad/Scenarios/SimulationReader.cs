using System.Text.Json;
using PortLoad.HostInfo;
using PortLoad.Simulation;

namespace PortLoad.Scenarios;

/// <summary>Reads a scenario's "simulation" block.</summary>
internal static class SimulationReader
{
    private static readonly Dictionary<string, OsDefaults> Systems = OsDefaults.All.ToDictionary(o => o.Os);

    public static SimulationOptions? Read(JsonFieldReader reader, JsonFields root)
    {
        var s = root.Object("simulation", false, "os", "ephemeralPortRange", "timeWaitSeconds", "tcpTwReuse", "remoteTarget",
            "nat", "perProbeNanoseconds", "connectMicroseconds", "serviceTime", "seed", "maxTimeWaitBuckets");
        if (s is null)
        {
            return null;
        }

        var os = OsDefaults.Linux;
        if (s.String("os") is { } name)
        {
            if (Systems.TryGetValue(name, out var known))
            {
                os = known;
            }
            else
            {
                var hint = NearestName.Hint(name, Systems.Keys);
                reader.Error($"{s.Path}.os", $"\"{name}\" is not allowed; {hint}allowed: {string.Join(", ", Systems.Keys)}");
            }
        }

        var defaults = new SimulationOptions();
        return new SimulationOptions
        {
            Os = os,
            EphemeralPortRange = NetworkReader.ReadRange(reader, s, "ephemeralPortRange"),
            TimeWaitSeconds = s.Integer("timeWaitSeconds", 1, 3600),
            TcpTwReuse = s.Integer("tcpTwReuse", 0, 2),
            RemoteTarget = s.Bool("remoteTarget"),
            Nat = ReadNat(reader, s),
            PerProbeNanoseconds = s.Number("perProbeNanoseconds", 0, 1e6) ?? defaults.PerProbeNanoseconds,
            ConnectMicroseconds = s.Number("connectMicroseconds", 0, 1e6) ?? defaults.ConnectMicroseconds,
            ServiceTime = s.Duration("serviceTime", TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1)) ?? defaults.ServiceTime,
            Seed = s.Integer("seed", int.MinValue, int.MaxValue) ?? defaults.Seed,
            MaxTimeWaitBuckets = s.Integer("maxTimeWaitBuckets", 1, int.MaxValue) ?? defaults.MaxTimeWaitBuckets,
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

        var nat = reader.Object(e, path, "preset", "ports", "releaseAfter");
        if (nat is null)
        {
            return null;
        }

        var preset = nat.String("preset") is { } name ? Preset(reader, $"{path}.preset", name) : null;
        var ports = nat.Integer("ports", 1, 1_000_000, required: preset is null);
        var release = nat.Duration("releaseAfter", TimeSpan.Zero, TimeSpan.FromHours(1), required: preset is null);
        if (preset is null && (ports is null || release is null))
        {
            return null;
        }

        return new NatOptions(preset?.Name ?? "custom", ports ?? preset!.Ports, release ?? preset!.ReleaseAfter);
    }

    private static NatOptions? Preset(JsonFieldReader reader, string path, string name)
    {
        if (NatPresets.ByName.TryGetValue(name, out var preset))
        {
            return preset;
        }

        var hint = NearestName.Hint(name, NatPresets.ByName.Keys);
        reader.Error(path, $"\"{name}\" is not a NAT preset; {hint}allowed: {string.Join(", ", NatPresets.ByName.Keys)}, or {{ \"ports\": N, \"releaseAfter\": \"240s\" }}");
        return null;
    }
}
