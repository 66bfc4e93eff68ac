using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PortLoad.HostInfo;

/// <summary>Reads the ephemeral ("dynamic") port range on Windows (netsh) and macOS (sysctl).</summary>
public static partial class DynamicPortRange
{
    /// <summary>Parses <c>netsh int ipv4 show dynamicport tcp</c>: "Start Port : 49152", "Number of Ports : 16384".</summary>
    public static PortRange? ParseNetsh(string output)
    {
        var start = NetshStart().Match(output);
        var count = NetshCount().Match(output);
        return start.Success && count.Success
            ? new PortRange(Int(start.Groups[1].Value), Int(start.Groups[1].Value) + Int(count.Groups[1].Value) - 1)
            : null;
    }

    /// <summary>Parses <c>sysctl net.inet.ip.portrange.first net.inet.ip.portrange.last</c>.</summary>
    public static PortRange? ParseSysctl(string output)
    {
        var first = SysctlFirst().Match(output);
        var last = SysctlLast().Match(output);
        return first.Success && last.Success ? new PortRange(Int(first.Groups[1].Value), Int(last.Groups[1].Value)) : null;
    }

    /// <summary>This system's range from its own tool; null where the tool is missing or says something else.</summary>
    public static PortRange? Read()
    {
        if (OperatingSystem.IsWindows())
        {
            return ParseNetsh(Run("netsh", "int", "ipv4", "show", "dynamicport", "tcp"));
        }

        return OperatingSystem.IsMacOS() ? ParseSysctl(Run("sysctl", "net.inet.ip.portrange.first", "net.inet.ip.portrange.last")) : null;
    }

    private static string Run(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start);
            var output = process?.StandardOutput.ReadToEnd() ?? "";
            process?.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Start Port\s*:\s*(\d+)")]
    private static partial Regex NetshStart();

    [GeneratedRegex(@"Number of Ports\s*:\s*(\d+)")]
    private static partial Regex NetshCount();

    [GeneratedRegex(@"net\.inet\.ip\.portrange\.first\s*[:=]\s*(\d+)")]
    private static partial Regex SysctlFirst();

    [GeneratedRegex(@"net\.inet\.ip\.portrange\.last\s*[:=]\s*(\d+)")]
    private static partial Regex SysctlLast();
}
