using System.Net;
using PortLoad.Sampling;

namespace PortLoad.Captures;

/// <summary>One TCP socket as a capture shows it; <see cref="Process"/> is "name (pid)" or "pid N" where it says.</summary>
public readonly record struct CapturedSocket(IPAddress Local, int LocalPort, IPAddress Remote, int RemotePort, TcpState State, string? Process = null);

/// <summary>The sockets of one moment; <see cref="At"/> from the <c>date</c> line before them, when the capture has one.</summary>
public sealed record CaptureSnapshot(DateTimeOffset? At, IReadOnlyList<CapturedSocket> Sockets);

/// <summary>What printed a capture: the system and the tool.</summary>
public enum CaptureFormat
{
    /// <summary>Linux <c>ss -tan</c>, <c>ss -tanp</c>.</summary>
    Ss,

    /// <summary>Linux net-tools <c>netstat -tan</c>, <c>netstat -tanp</c>.</summary>
    NetstatLinux,

    /// <summary>Linux <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>.</summary>
    ProcNetTcp,

    /// <summary>Windows <c>netstat -ano</c>, <c>netstat -an</c>.</summary>
    NetstatWindows,

    /// <summary>PowerShell <c>Get-NetTCPConnection | Select-Object ... | Export-Csv</c>.</summary>
    PowerShellCsv,

    /// <summary>PowerShell <c>Get-NetTCPConnection | Select-Object ... | ConvertTo-Json</c>.</summary>
    PowerShellJson,

    /// <summary>macOS and the BSDs: <c>netstat -an -p tcp</c>.</summary>
    NetstatBsd,
}

/// <summary>A line of a capture that was not understood, skipped (or, with --strict, refused); <see cref="At"/> is "line 12" or a JSON path.</summary>
public sealed record SkippedLine(string At, string Reason);

/// <summary>
/// A capture read: its snapshots in order, the system it came from, the settings it carried (the port range, Linux's
/// tcp_tw_reuse), and the lines skipped.
/// </summary>
public sealed record Capture(string File, CaptureFormat Format, IReadOnlyList<CaptureSnapshot> Snapshots, IReadOnlyList<SkippedLine> Skipped)
{
    public PortRange? Range { get; init; }

    public int? TcpTwReuse { get; init; }

    public OsDefaults System => Format switch
    {
        CaptureFormat.NetstatWindows or CaptureFormat.PowerShellCsv or CaptureFormat.PowerShellJson => OsDefaults.Windows,
        CaptureFormat.NetstatBsd => OsDefaults.MacOs,
        _ => OsDefaults.Linux,
    };
}

/// <summary>A capture that cannot be read: <see cref="Exception.Message"/> names the file, the line and what was expected.</summary>
public sealed class CaptureException(string message) : Exception(message);
