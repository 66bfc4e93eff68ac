using System.Diagnostics;
using System.Net;
using PortLoad.HostInfo;

namespace PortLoad.Isolation;

/// <summary>
/// Sets up the fresh network namespace a child runs in: loopback up, extra source addresses, and
/// the scenario's port range and tcp_tw_reuse, and a long accept queue. It first checks that it is not in the parent's
/// namespace, so these writes can never reach the host's settings.
/// </summary>
public static class NetworkNamespace
{
    /// <summary>net.core.somaxconn set in the namespace, so thousands of connections a second queue for accept().</summary>
    public const int Somaxconn = 65535;

    /// <summary>The current network namespace's identity, e.g. "net:[4026531840]".</summary>
    public static string Current() => new FileInfo("/proc/self/ns/net").LinkTarget ?? "unknown";

    public static void Prepare(SettingsInForce inForce, IReadOnlyList<IPAddress> sourceAddresses, string parentNamespace)
    {
        if (Current() == parentNamespace)
        {
            throw new InvalidOperationException($"refusing to change network settings: still in the parent's network namespace {parentNamespace}");
        }

        Ip("link", "set", "lo", "up");
        foreach (var address in sourceAddresses.Where(a => !IPAddress.IsLoopback(a)))
        {
            // 127.0.0.0/8 is all local once lo is up; other addresses must be given to lo.
            Ip("addr", "add", $"{address}/{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}", "dev", "lo");
        }

        File.WriteAllText("/proc/sys/net/ipv4/ip_local_port_range", Invariant.Format($"{inForce.Range.Low} {inForce.Range.High}"));
        // The accept queue's cap, per namespace: the embedded server's backlog is cut to it (4,096 by default).
        File.WriteAllText("/proc/sys/net/core/somaxconn", Invariant.Format($"{Somaxconn}"));
        if (inForce.TcpTwReuse is { } reuse)
        {
            File.WriteAllText("/proc/sys/net/ipv4/tcp_tw_reuse", Invariant.Format($"{reuse}"));
        }
    }

    /// <summary>
    /// A port for the embedded server outside the ephemeral range, so the server's listening socket
    /// does not take one of the ports the clients are competing for.
    /// </summary>
    public static int ServerPort(PortRange r)
    {
        const int preferred = 8080;
        return preferred >= r.Low && preferred <= r.High
            ? (r.Low > 1024 ? r.Low - 1 : r.High < 65535 ? r.High + 1 : 0)
            : preferred;
    }

    /// <summary>
    /// Another port outside the range, after the server's <paramref name="listenPorts"/> ports from <see cref="ServerPort"/>:
    /// where per-request strategies warm up; 0: any free one.
    /// </summary>
    public static int WarmUpPort(PortRange r, int listenPorts = 1)
    {
        var server = ServerPort(r);
        var next = server + listenPorts;
        return server == 0 ? 0 : next <= 65535 && (next < r.Low || next > r.High) ? next : listenPorts == 1 ? server - 1 : 0;
    }

    private static void Ip(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start 'ip' (install iproute2)");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'ip {string.Join(' ', args)}' failed: {error.Trim()}");
        }
    }
}
