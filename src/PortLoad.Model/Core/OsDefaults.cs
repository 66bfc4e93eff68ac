namespace PortLoad;

/// <summary>An operating system's default ephemeral range and TIME_WAIT length (DOMAIN.md).</summary>
public sealed record OsDefaults(string Os, PortRange Range, int TimeWaitSeconds, int TimeWaitMaxSeconds)
{
    public static readonly OsDefaults Linux = new("linux", new PortRange(32768, 60999), 60, 60);

    /// <summary>Windows: 120 s to 240 s depending on version and TcpTimedWaitDelay.</summary>
    public static readonly OsDefaults Windows = new("windows", new PortRange(49152, 65535), 120, 240);

    public static readonly OsDefaults MacOs = new("macos", new PortRange(49152, 65535), 30, 30);

    public static readonly IReadOnlyList<OsDefaults> All = [Linux, Windows, MacOs];

    /// <summary>net.ipv4.tcp_tw_reuse as a fresh system has it: 2 (loopback only) on Linux; null where there is no such knob.</summary>
    public int? TcpTwReuse => this == Linux ? 2 : null;

    /// <summary>The defaults of the system named <paramref name="os"/> ("linux", "windows", "macos"); Linux's for any other.</summary>
    public static OsDefaults Of(string os) => All.FirstOrDefault(o => o.Os == os) ?? Linux;

    /// <summary>New connections per second to one destination when the client closes first: range / TIME_WAIT.</summary>
    public double SustainableRate => PortBudget.SustainableRate(Range.Size, TimeWaitSeconds);

    public double SustainableRateAtLongestTimeWait => PortBudget.SustainableRate(Range.Size, TimeWaitMaxSeconds);
}

/// <summary>How fast new connections can be opened before the ports run out.</summary>
public static class PortBudget
{
    /// <summary>
    /// New connections per second one (source address, destination address, destination port)
    /// sustains when the client closes first: every connection holds its port for TIME_WAIT.
    /// </summary>
    public static double SustainableRate(long ports, double timeWaitSeconds) => ports / timeWaitSeconds;
}
