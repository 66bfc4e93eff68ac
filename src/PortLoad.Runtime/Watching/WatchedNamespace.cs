using PortLoad.HostInfo;
using PortLoad.Sampling;

namespace PortLoad.Watching;

/// <summary>
/// The network namespace <c>portload watch</c> reads: this process's, or another's (a container's) through
/// /proc/PID/ns/net. A netlink socket belongs to the namespace of the thread that opens it, so one thread
/// enters the namespace (setns), opens the socket and reads the namespace's settings, then comes back; the
/// socket keeps reading there. Nothing is changed; entering another namespace needs CAP_SYS_ADMIN.
/// </summary>
public static class WatchedNamespace
{
    /// <param name="netns">A namespace file such as /proc/1234/ns/net; null: this process's namespace.</param>
    public static (NetlinkSocketCounter Counter, HostFacts Facts) Open(string? netns)
    {
        if (netns is null)
        {
            return (NetlinkSocketCounter.TryCreate() ?? throw new PlatformNotSupportedException(Refused), HostFactsReader.Read());
        }

        // Settings under /proc/sys/net are those of the reading thread's namespace.
        return NamespaceEntry.Inside(netns, () => (NetlinkSocketCounter.TryCreate() ?? throw new PlatformNotSupportedException(Refused), HostFactsReader.Read(@namespace: NamespaceKind.Entered)));
    }

    private const string Refused = "netlink sock_diag is not available here (not Linux, or refused by the sandbox); portload watch needs it";
}
