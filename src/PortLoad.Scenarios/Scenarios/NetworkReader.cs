using System.Net;
using System.Text.Json;

namespace PortLoad.Scenarios;

/// <summary>Reads a scenario's "network" and "clients" blocks: where it runs and from which source addresses.</summary>
internal static class NetworkReader
{
    public static NetworkOptions ReadNetwork(JsonFieldReader reader, JsonFields root)
    {
        var n = root.Object("network", false, ScenarioFields.Of("network"));
        if (n is null)
        {
            return new NetworkOptions();
        }

        var isolated = false;
        if (n.String("namespace") is { } name)
        {
            if (name is "host" or "isolated")
            {
                isolated = name == "isolated";
            }
            else
            {
                reader.Error($"{n.Path}.namespace", NearestName.NotAllowed(name, ["host", "isolated"]));
            }
        }

        var nat = n.Object("nat", false, ScenarioFields.Of("network.nat"));
        return new NetworkOptions
        {
            Isolated = isolated,
            EphemeralPortRange = ReadRange(reader, n, "ephemeralPortRange"),
            TcpTwReuse = n.Integer("tcpTwReuse"),
            Instances = n.Integer("instances") ?? 1,
            Nat = nat is null ? null : new RouterNat(nat.Integer("ports", required: true) ?? 0, nat.Duration("timeWait") ?? RouterNat.DefaultTimeWait),
        };
    }

    /// <summary>[low, high]: two whole numbers; whether they make a range is the validator's business.</summary>
    public static PortRange? ReadRange(JsonFieldReader reader, JsonFields obj, string name)
    {
        if (obj.Get(name) is not { } e)
        {
            return null;
        }

        var ports = e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : [];
        if (ports.Count != 2 || !ports.All(p => p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out _)))
        {
            reader.Error($"{obj.Path}.{name}", $"{JsonFieldReader.Show(e)} must be [low, high], two whole numbers");
            return null;
        }

        return new PortRange(ports[0].GetInt32(), ports[1].GetInt32());
    }

    public static List<IPAddress> ReadSourceAddresses(JsonFieldReader reader, JsonFields root)
    {
        var addresses = new List<IPAddress>();
        var clients = root.Object("clients", false, ScenarioFields.Of("clients"));
        foreach (var (element, path) in clients?.Array("sourceAddresses") ?? [])
        {
            var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            if (text is null || !IPAddress.TryParse(text, out var address))
            {
                reader.Error(path, $"{JsonFieldReader.Show(element)} must be an IP address such as \"127.0.0.2\"");
                address = IPAddress.None;
            }

            addresses.Add(address);
        }

        return addresses;
    }
}
