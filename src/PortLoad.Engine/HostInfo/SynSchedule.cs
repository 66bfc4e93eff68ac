namespace PortLoad.HostInfo;

/// <summary>
/// When Linux sends an unanswered SYN again: the first retransmit one initial RTO (1 s) after the SYN, the next
/// <see cref="LinearTimeouts"/> one RTO apart, then doubling (net.ipv4.tcp_syn_linear_timeouts, Linux 6.5+, default
/// 4: 1, 2, 3, 4, 5, 7, 11, 19 s after the first SYN; 0, as before 6.5: 1, 3, 7, 15 s).
/// </summary>
public readonly record struct SynSchedule(int LinearTimeouts)
{
    /// <summary>Linux's default since 6.5 (commit ccce324dabfe, 2023).</summary>
    public static readonly SynSchedule Modern = new(4);

    /// <summary>Before 6.5: exponential from the first retransmit.</summary>
    public static readonly SynSchedule Exponential = new(0);

    /// <summary>Seconds from the first SYN to retransmit number <paramref name="sent"/> + 1, given the one before it at <paramref name="after"/>.</summary>
    /// <param name="sent">Retransmits sent so far.</param>
    public double Next(double after, int sent) => after + (sent <= LinearTimeouts ? 1 : Math.Pow(2, sent - LinearTimeouts));

    /// <summary>The schedule of a host: its sysctl when it was read; else by its kernel's version (6.5 brought the linear start).</summary>
    public static SynSchedule Of(int? linearTimeouts, string kernel) =>
        linearTimeouts is { } n ? new(n)
        : Version.TryParse(string.Concat(kernel.TakeWhile(c => char.IsDigit(c) || c == '.')).TrimEnd('.'), out var v) && v < new Version(6, 5) ? Exponential
        : Modern;
}
