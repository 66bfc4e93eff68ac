using System.Diagnostics;

namespace PortLoad.Tests.TestSupport;

/// <summary>Whether this machine lets a test create network namespaces; tests that need one skip, saying why, when it does not.</summary>
public static class Namespaces
{
    private static readonly Lazy<string?> Problem = new(Probe);

    public static void RequireOrIgnore()
    {
        if (Problem.Value is { } why)
        {
            Assert.Ignore($"needs a network namespace (root, or unprivileged user namespaces), which this machine refused: {why}");
        }
    }

    public static string HostSetting(string name) => File.ReadAllText($"/proc/sys/net/ipv4/{name}").Trim();

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }

        var start = new ProcessStartInfo("unshare") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in Environment.UserName == "root" ? ["--net", "true"] : new[] { "--net", "--map-root-user", "true" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : error.Trim();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "unshare could not be started: " + e.Message;
        }
    }
}
