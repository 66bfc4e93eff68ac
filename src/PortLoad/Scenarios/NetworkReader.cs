using System.Net;
using System.Text.Json;
using PortLoad.HostInfo;

namespace PortLoad.Scenarios;

/// <summary>Reads a scenario's "network" and "clients" blocks: where it runs and from which source addresses.</summary>
internal static class NetworkReader
{
    private static readonly Dictionary<string, bool> Namespaces = new()
    {
        ["host"] = false,
        ["isolated"] = true,
    };

    public static NetworkOptions ReadNetwork(JsonFieldReader reader, JsonFields root)
    {
        var n = root.Object("network", false, "namespace", "ephemeralPortRange", "tcpTwReuse");
        if (n is null)
        {
            return new NetworkOptions();
        }

        var isolated = n.Choice("namespace", Namespaces) ?? false;
        var reuse = n.Integer("tcpTwReuse", 0, 2);
        var range = ReadRange(reader, n, "ephemeralPortRange");

        if (!isolated && (n.Has("ephemeralPortRange") || n.Has("tcpTwReuse")))
        {
            reader.Error(n.Path, "ephemeralPortRange and tcpTwReuse apply inside an isolated namespace only: PortLoad never changes the host's settings; set \"namespace\": \"isolated\"");
        }

        return new NetworkOptions { Isolated = isolated, EphemeralPortRange = range, TcpTwReuse = reuse };
    }

    public static PortRange? ReadRange(JsonFieldReader reader, JsonFields obj, string name)
    {
        if (obj.Get(name) is not { } e)
        {
            return null;
        }

        var path = $"{obj.Path}.{name}";
        var ports = e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : [];
        if (ports.Count != 2 || !ports.All(p => p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out _)))
        {
            reader.Error(path, $"{JsonFieldReader.Show(e)} must be [low, high], two whole numbers");
            return null;
        }

        var (low, high) = (ports[0].GetInt32(), ports[1].GetInt32());
        if (low < 1024 || high > 65535 || low > high)
        {
            reader.Error(path, $"[{low}, {high}] must satisfy 1024 <= low <= high <= 65535");
            return null;
        }

        return new PortRange(low, high);
    }

    public static List<IPAddress> ReadSourceAddresses(JsonFieldReader reader, JsonFields root)
    {
        var addresses = new List<IPAddress>();
        var clients = root.Object("clients", false, "sourceAddresses");
        foreach (var (element, path) in clients?.Array("sourceAddresses") ?? [])
        {
            var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            if (text is null || !IPAddress.TryParse(text, out var address))
            {
                reader.Error(path, $"{JsonFieldReader.Show(element)} must be an IP address such as \"127.0.0.2\"");
            }
            else if (addresses.Contains(address))
            {
                reader.Error(path, $"\"{text}\" is listed twice");
            }
            else
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }
}
