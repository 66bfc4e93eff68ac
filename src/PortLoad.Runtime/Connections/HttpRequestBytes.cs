using System.Text;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// An HTTP/1.1 request as bytes, written once for every request of a strategy: what <see cref="HttpExchange"/>
/// sends through HttpClient (method, path, Host as the request URI's authority, the scenario's headers, the body
/// with its type and length, <c>Connection: close</c> when the server is to close first), for the epoll engine.
/// </summary>
internal static class HttpRequestBytes
{
    public static byte[] For(ConnectionTarget target, CloseBy closeBy)
    {
        var body = HttpExchange.Body(target);
        var head = new StringBuilder()
            .Append(HttpExchange.Method(target).Method).Append(' ').Append(target.Path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(target.EndPoint).Append("\r\n");
        foreach (var (name, value) in target.Request.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var named = target.Request.Headers.Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (body.Length > 0 || target.Request.Body is not null)
        {
            if (!named.Contains("Content-Type"))
            {
                head.Append("Content-Type: ").Append(HttpExchange.ContentType(target)).Append("\r\n");
            }

            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        if (closeBy == CloseBy.Server)
        {
            head.Append("Connection: close\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body];
    }
}
