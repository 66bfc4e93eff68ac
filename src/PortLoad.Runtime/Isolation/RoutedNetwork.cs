using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using PortLoad.Scenarios;

namespace PortLoad.Isolation;

/// <summary>
/// Clients, a router and a server, each in a fresh network namespace of its own, joined by veth pairs: client i is
/// 10.77.i.2 behind the router's 10.77.i.1, the server is 10.78.0.2 behind the router's 10.78.0.1. With a NAT, the
/// router rewrites every client's source to 10.78.0.1 and a port from a range of <see cref="RouterNat.Ports"/> ports
/// (nftables source NAT) and keeps a closed connection's conntrack entry for <see cref="RouterNat.TimeWait"/>
/// (<c>nf_conntrack_tcp_timeout_time_wait</c>, the router's own). Each namespace lives as long as a holder process
/// (<c>unshare --net sleep</c>); disposing ends them all. Nothing outside these namespaces changes.
/// </summary>
public sealed partial class RoutedNetwork : IDisposable
{
    public static readonly IPAddress ServerAddress = IPAddress.Parse("10.78.0.2");
    public static readonly IPAddress NatAddress = IPAddress.Parse("10.78.0.1");

    /// <summary>The embedded server's port in the server's namespace.</summary>
    public const int ServerPort = 8080;

    /// <summary>
    /// Where a per-request strategy warms up, in the server's namespace: another port, so the warm-up's NAT mappings
    /// (closed with RST, kept 10 s by conntrack) are other tuples than the measured destination's and take none of its ports.
    /// </summary>
    public const int WarmUpPort = ServerPort + 1;

    /// <summary>The first port of the NAT's range; the range is <see cref="NatFirstPort"/> to first + ports - 1.</summary>
    public const int NatFirstPort = RouterNat.FirstPort;

    private readonly List<Process> _holders = [];

    private RoutedNetwork()
    {
    }

    public string RouterNetns { get; private set; } = "";

    public string ServerNetns { get; private set; } = "";

    public IReadOnlyList<string> ClientNetns => _clients;

    private readonly List<string> _clients = [];

    public static IPAddress ClientAddress(int instance) => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.77.{instance}.2"));

    /// <summary>
    /// Why a routed network cannot be built by this process, before any load; null when it can. Its namespaces are
    /// entered by path (nsenter) and the router's nftables and conntrack settings changed, which needs real root: an
    /// unprivileged user namespace is not enough.
    /// </summary>
    public static string? Problem() => GetEuid() == 0 ? null
        : "network.instances and network.nat build a router namespace and its NAT, which needs root (sudo); "
          + "as this user, run the scenario without them, or simulate it (portload simulate)";

    /// <summary>Builds the namespaces and links; throws, saying which command failed, when the machine refuses.</summary>
    public static RoutedNetwork Create(int instances, RouterNat? nat)
    {
        var network = new RoutedNetwork();
        try
        {
            network.Build(instances, nat);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private void Build(int instances, RouterNat? nat)
    {
        var (router, routerPid) = Hold();
        var (server, _) = Hold();
        RouterNetns = router;
        ServerNetns = server;
        In(router, "ip", "link", "set", "lo", "up");
        In(router, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
        Link(server, routerPid, "s0", NatAddress, ServerAddress, "10.78.0");
        for (var i = 0; i < instances; i++)
        {
            var (client, _) = Hold();
            _clients.Add(client);
            Link(client, routerPid, string.Create(CultureInfo.InvariantCulture, $"c{i}"), IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.77.{i}.1")), ClientAddress(i), string.Create(CultureInfo.InvariantCulture, $"10.77.{i}"));
        }

        if (nat is not null)
        {
            var last = NatFirstPort + nat.Ports - 1;
            In(router, "sh", "-c", string.Create(CultureInfo.InvariantCulture, $"echo {(int)nat.TimeWait.TotalSeconds} > /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait"));
            In(router, "nft", "add table ip portload");
            In(router, "nft", "add chain ip portload postrouting { type nat hook postrouting priority srcnat ; policy accept ; }");
            In(router, "nft", string.Create(CultureInfo.InvariantCulture, $"add rule ip portload postrouting oifname \"s0\" ip saddr 10.77.0.0/16 meta l4proto tcp snat to {NatAddress}:{NatFirstPort}-{last}"));
        }
    }

    /// <summary>A veth pair from <paramref name="netns"/> (eth0, <paramref name="address"/>, default route via the router) to the router (<paramref name="routerSide"/>).</summary>
    private void Link(string netns, int routerPid, string routerEnd, IPAddress routerAddress, IPAddress address, string subnet)
    {
        In(netns, "ip", "link", "set", "lo", "up");
        In(netns, "ip", "link", "add", "eth0", "type", "veth", "peer", "name", routerEnd);
        In(netns, "ip", "link", "set", routerEnd, "netns", routerPid.ToString(CultureInfo.InvariantCulture));
        In(netns, "ip", "addr", "add", $"{address}/24", "dev", "eth0");
        In(netns, "ip", "link", "set", "eth0", "up");
        In(netns, "ip", "route", "add", "default", "via", $"{subnet}.1");
        In(RouterNetns, "ip", "addr", "add", $"{routerAddress}/24", "dev", routerEnd);
        In(RouterNetns, "ip", "link", "set", routerEnd, "up");
    }

    /// <summary>A fresh namespace, held by a sleeping process until disposed; its /proc/PID/ns/net and the PID.</summary>
    private (string Netns, int Pid) Hold()
    {
        var start = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in (string[])["--net", "--", "sleep", "86400"])
        {
            start.ArgumentList.Add(arg);
        }

        var holder = Process.Start(start) ?? throw new InvalidOperationException("could not start unshare (util-linux)");
        _holders.Add(holder);
        var path = $"/proc/{holder.Id}/ns/net";
        var mine = NetworkNamespace.Current();

        // unshare enters the new namespace before it runs sleep: wait until the holder is in it.
        for (var tries = 0; new FileInfo(path).LinkTarget == mine; tries++)
        {
            if (holder.HasExited || tries > 500)
            {
                throw new InvalidOperationException($"unshare --net did not make a namespace: {(holder.HasExited ? holder.StandardError.ReadToEnd().Trim() : "timed out")} (root is needed for a routed network)");
            }

            Thread.Sleep(10);
        }

        return (path, holder.Id);
    }

    private static void In(string netns, params string[] command)
    {
        var start = new ProcessStartInfo("nsenter") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])[$"--net={netns}", "--", .. command])
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start nsenter (util-linux)");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"a routed network needs nsenter (util-linux), ip (iproute2) and nft (nftables): {e.Message}", e);
        }

        using var started = process;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            // nsenter runs the command itself: a missing one is exit code 127 with nsenter's own message.
            var missing = process.ExitCode == 127 ? $" (is {command[0]} installed? a routed network needs ip from iproute2 and nft from nftables)" : "";
            throw new InvalidOperationException($"'{string.Join(' ', command)}' in {netns} failed: {error.Trim()}{missing}");
        }
    }

    public void Dispose()
    {
        foreach (var holder in _holders)
        {
            try
            {
                holder.Kill();
                holder.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            holder.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
