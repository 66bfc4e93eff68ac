namespace PortLoad.Settings;

/// <summary>
/// How .NET's socket engine runs the generator's I/O where PortLoad's epoll engine does not (https, HTTP/2, bound
/// sources and ports, other systems, <c>EpollSockets</c> false), set before the first socket is used.
/// By default, completions run inline on the epoll thread and there is one epoll thread per two
/// cores: on a small machine that shares its cores with the server under test, thread-pool hops
/// and a second busy thread cost more than they give (measured: pooled echo 93k -> 139k req/s on
/// 2 cores; see benchmarks/). Variables the user set explicitly are left alone.
/// </summary>
public static class SocketEngineTuning
{
    public const string InlineVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    public const string ThreadsVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    public static void Apply(PortLoadSettings settings)
    {
        if (Environment.GetEnvironmentVariable(InlineVariable) is null && settings.InlineSocketCompletions)
        {
            Environment.SetEnvironmentVariable(InlineVariable, "1");
        }

        if (Environment.GetEnvironmentVariable(ThreadsVariable) is null)
        {
            var threads = settings.SocketThreads ?? Math.Max(1, Environment.ProcessorCount / 2);
            Environment.SetEnvironmentVariable(ThreadsVariable, threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
