namespace PortLoad.Scenarios;

/// <summary>Checks the HTTP side of a request: a known method, headers that can be sent, one kind of body, statuses that exist.</summary>
internal static class RequestValidator
{
    public static readonly IReadOnlyList<string> Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

    public static void Check(ValidationErrors errors, Scenario scenario)
    {
        var r = scenario.Request;
        var http = scenario.Target.IsHttp;
        var httpOnly = new (string Name, bool Given)[]
        {
            ("method", r.Method is not null), ("headers", r.Headers.Count > 0), ("body", r.Body is not null),
            ("bodyBytes", r.BodyBytes is not null), ("expect", r.Expect is not null),
        };
        foreach (var (name, given) in httpOnly.Where(f => f.Given && !http))
        {
            errors.Add($"request.{name}", "applies to HTTP targets only (\"protocol\": \"http\"); a tcp-echo request is payloadBytes echoed back");
        }

        if (r.Method is { } method && !Methods.Contains(method))
        {
            errors.Add("request.method", NearestName.NotAllowed(method, Methods));
        }

        foreach (var (name, value) in r.Headers)
        {
            if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c is ':' or '(' or ')' or ',' or ';' or '"'))
            {
                errors.Add($"request.headers.{name}", $"{ValidationErrors.Quote(name)} is not a header name (letters, digits and -)");
            }
            else if (value.Any(c => c < ' ' && c != '\t'))
            {
                errors.Add($"request.headers.{name}", $"{ValidationErrors.Quote(value)} holds a control character; a header value cannot");
            }
        }

        if (r.Body is not null && r.BodyBytes is not null)
        {
            errors.Add("request", "give \"body\" or \"bodyBytes\", not both");
        }

        errors.Between("request.bodyBytes", r.BodyBytes, 0, ScenarioValidator.MaxPayloadBytes);
        if (r.Expect is { } expect)
        {
            if (expect.Echo && !scenario.Target.Embedded)
            {
                errors.Add("request.expect", "\"echo\" needs the embedded server, which echoes what it is sent; give the statuses a real service answers, e.g. [200, 204] or \"2xx\"");
            }

            foreach (var status in expect.Statuses.Where(s => s is < 100 or > 599))
            {
                errors.Add("request.expect", Invariant.Format($"{status} is not an HTTP status; statuses run from 100 to 599"));
            }
        }
    }
}
