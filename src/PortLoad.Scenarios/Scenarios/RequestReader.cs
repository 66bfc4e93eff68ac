using System.Text.Json;

namespace PortLoad.Scenarios;

/// <summary>Reads a scenario's "request" block: the payload and timeout, and for HTTP the method, headers, body and what counts as success.</summary>
internal static class RequestReader
{
    public static RequestOptions Read(JsonFieldReader reader, JsonFields root)
    {
        var r = root.Object("request", false, ScenarioFields.Of("request"));
        if (r is null)
        {
            return new RequestOptions();
        }

        return new RequestOptions
        {
            PayloadBytes = r.Integer("payloadBytes") ?? ScenarioConstants.PayloadBytes,
            Timeout = r.Duration("timeout") ?? ScenarioConstants.RequestTimeout,
            Method = r.String("method"),
            Headers = ReadHeaders(reader, r),
            Body = r.String("body"),
            BodyBytes = r.Integer("bodyBytes"),
            Expect = ReadExpect(reader, r),
        };
    }

    private static Dictionary<string, string> ReadHeaders(JsonFieldReader reader, JsonFields r)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (r.Get("headers") is not { } e)
        {
            return headers;
        }

        var path = $"{r.Path}.headers";
        if (e.ValueKind != JsonValueKind.Object)
        {
            reader.Error(path, $"{JsonFieldReader.Show(e)} must be an object of header names and values");
            return headers;
        }

        foreach (var header in e.EnumerateObject())
        {
            if (header.Value.ValueKind != JsonValueKind.String)
            {
                reader.Error($"{path}.{header.Name}", $"{JsonFieldReader.Show(header.Value)} must be a string");
            }
            else if (!headers.TryAdd(header.Name, header.Value.GetString()!))
            {
                reader.Error($"{path}.{header.Name}", "appears twice");
            }
        }

        return headers;
    }

    /// <summary>"echo", a class such as "2xx", or a list of codes and classes: [200, 204, "3xx"].</summary>
    private static ExpectedResponse? ReadExpect(JsonFieldReader reader, JsonFields r)
    {
        if (r.Get("expect") is not { } e)
        {
            return null;
        }

        var path = $"{r.Path}.expect";
        if (e.ValueKind == JsonValueKind.String && e.GetString() == "echo")
        {
            return ExpectedResponse.EchoBack;
        }

        var items = e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select((item, i) => (item, $"{path}[{i}]")).ToList() : [(e, path)];
        var statuses = new List<int>();
        var classes = new List<int>();
        foreach (var (item, itemPath) in items)
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var status))
            {
                statuses.Add(status);
            }
            else if (item.ValueKind == JsonValueKind.String && item.GetString() is [var digit, 'x', 'x'] && digit is >= '1' and <= '5')
            {
                classes.Add(digit - '0');
            }
            else
            {
                reader.Error(itemPath, $"{JsonFieldReader.Show(item)} must be \"echo\", a status class such as \"2xx\", a status code such as 204, or a list of them");
            }
        }

        return new ExpectedResponse(false, statuses, classes);
    }
}
