using System.Runtime.InteropServices;
using PortLoad.HostInfo;
using PortLoad.Sampling;

namespace PortLoad.Watching;

/// <summary>
/// The network namespace <c>portload watch</c> reads: this process's, or another's (a container's) through
/// /proc/PID/ns/net. A netlink socket belongs to the namespace of the thread that opens it, so one thread
/// enters the namespace (setns), opens the socket and reads the namespace's settings, then comes back; the
/// socket keeps reading there. Nothing is changed; entering another namespace needs CAP_SYS_ADMIN.
/// </summary>
public static partial class WatchedNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <param name="netns">A namespace file such as /proc/1234/ns/net; null: this process's namespace.</param>
    public static (NetlinkSocketCounter Counter, HostFacts Facts) Open(string? netns)
    {
        if (netns is null)
        {
            return (NetlinkSocketCounter.TryCreate() ?? throw new PlatformNotSupportedException(Refused), HostFactsReader.Read());
        }

        (NetlinkSocketCounter, HostFacts)? opened = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                opened = OpenInside(netns);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return opened ?? throw failure!;
    }

    private static (NetlinkSocketCounter, HostFacts) OpenInside(string netns)
    {
        using var home = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle(netns);
        if (SetNs(target.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new UnauthorizedAccessException($"cannot enter the network namespace {netns} (errno {errno}{(errno == 1 ? ", EPERM: it takes root or CAP_SYS_ADMIN" : "")})");
        }

        try
        {
            // Settings under /proc/sys/net are those of the reading thread's namespace.
            return (NetlinkSocketCounter.TryCreate() ?? throw new PlatformNotSupportedException(Refused), HostFactsReader.Read(@namespace: netns));
        }
        finally
        {
            _ = SetNs(home.DangerousGetHandle().ToInt32(), CloneNewNet);
        }
    }

    private const string Refused = "netlink sock_diag is not available here (not Linux, or refused by the sandbox); portload watch needs it";

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
