using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortLoad.Sampling;

namespace PortLoad.Benchmarks;

/// <summary>
/// Fills the current (throw-away) network namespace with TIME_WAIT sockets to one destination, then
/// times, in the same run, PortLoad's netlink sampler, /proc/net/tcp parsing, /proc/net/sockstat,
/// `ss -tan state time-wait` (a whole process, as a user would run it) and one sample of <c>portload watch</c>
/// (every socket, by destination). Prints medians and ratios.
/// </summary>
public static class SocketCountComparison
{
    public static int Run(int sockets)
    {
        if (File.ReadAllText("/proc/sys/net/ipv4/tcp_tw_reuse").Trim() != "0")
        {
            Console.Error.WriteLine("run me through benchmarks/socket-count.sh: it needs a namespace with tcp_tw_reuse=0 and a wide port range");
            return 2;
        }

        var destination = Fill(sockets);
        using var netlink = NetlinkSocketCounter.TryCreate() ?? throw new InvalidOperationException("netlink sock_diag refused");
        var proc = new ProcNetTcpCounter();

        var counted = netlink.Count(destination);
        Console.WriteLine($"TIME_WAIT to {destination}: netlink {counted.TimeWait}, /proc/net/tcp {proc.Count(destination).TimeWait}, sockstat {SockStat.TimeWait()}");

        var sampler = Median(50, () => netlink.Count(destination));
        var procTcp = Median(20, () => proc.Count(destination));
        var sockstat = Median(200, () => SockStat.TimeWait());
        var ss = Median(10, () => RunSs());
        var watcher = new PortLoad.Watching.Watcher(PortLoad.HostInfo.HostFactsReader.Read(), TimeProvider.System);
        var watch = Median(20, () => watcher.Next(PortLoad.Watching.SocketTable.Take(netlink), 10));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            per sample, median ({counted.TimeWait} sockets in TIME_WAIT):
              PortLoad sampler (netlink sock_diag, filtered by destination): {sampler,9:0.000} ms
              /proc/net/tcp + tcp6 parsing (the fallback):                   {procTcp,9:0.000} ms  ({procTcp / sampler:0.0}x the sampler)
              ss -tan state time-wait (whole process):                        {ss,9:0.000} ms  ({ss / sampler:0.0}x the sampler)
              /proc/net/sockstat tw (namespace total only):                   {sockstat,9:0.000} ms
              portload watch sample (every socket, by destination, forecast): {watch,9:0.000} ms  ({watch / sampler:0.0}x the sampler)
            target: sampler <= ss and < 10 ms: {(sampler <= ss && sampler < 10 ? "met" : "NOT met")}; watch sample < 10 ms: {(watch < 10 ? "met" : "NOT met")}
            """));
        return 0;
    }

    private static IPEndPoint Fill(int sockets)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        var destination = (IPEndPoint)listener.LocalEndPoint!;
        var accept = Task.Run(() =>
        {
            for (var i = 0; i < sockets; i++)
            {
                using var accepted = listener.Accept();
                accepted.Receive(new byte[1]); // the client's FIN: the client closed first
            }
        });
        for (var i = 0; i < sockets; i++)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(destination);
        }

        accept.Wait();
        return destination;
    }

    private static double Median(int runs, Action action)
    {
        action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    private static void RunSs()
    {
        var start = new ProcessStartInfo("ss", "-tan state time-wait") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }
}
