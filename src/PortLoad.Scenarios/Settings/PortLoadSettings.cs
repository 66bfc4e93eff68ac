using PortLoad.Scenarios;

namespace PortLoad.Settings;

/// <summary>Tool-wide defaults and safety caps, from appsettings.json and PORTLOAD__* variables.</summary>
public sealed record PortLoadSettings
{
    public string ResultsDirectory { get; init; } = "results";

    public TimeSpan SamplingInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Requests in flight at once in open-model phases; beyond it the schedule waits (and latency shows it).</summary>
    public int MaxInFlight { get; init; } = 10_000;

    /// <summary>Run socket completions on the epoll thread instead of hopping to the thread pool.</summary>
    public bool InlineSocketCompletions { get; init; } = true;

    /// <summary>tcp-echo and plain HTTP/1.1 through epoll directly on Linux x64 (PortLoad's own engine); false: .NET's sockets and HttpClient.</summary>
    public bool EpollSockets { get; init; } = true;

    /// <summary>epoll threads for .NET's sockets (https, HTTP/2, bound sources, other systems); null: one per two cores.</summary>
    public int? SocketThreads { get; init; }

    public ScenarioLimits Limits { get; init; } = new();
}
