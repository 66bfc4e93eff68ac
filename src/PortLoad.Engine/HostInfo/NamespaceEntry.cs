using System.Runtime.InteropServices;

namespace PortLoad.HostInfo;

/// <summary>
/// Does something inside another network namespace without moving the process: on a thread of its own that
/// enters it (setns), so sockets made there, and /proc/sys/net read there, are that namespace's; the thread goes
/// back before it ends. A socket keeps its namespace for life, whichever thread uses it later.
/// </summary>
public static partial class NamespaceEntry
{
    private const int CloneNewNet = 0x40000000;

    /// <param name="netns">A namespace file such as /proc/1234/ns/net.</param>
    public static T Inside<T>(string netns, Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = Run(netns, action);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw failure;
    }

    private static T Run<T>(string netns, Func<T> action)
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
            return action();
        }
        finally
        {
            _ = SetNs(home.DangerousGetHandle().ToInt32(), CloneNewNet);
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
