using System.Globalization;
using System.Text.RegularExpressions;

namespace PortLoad.Watching;

/// <summary>
/// Why the kernel refused another process's namespace file (/proc/PID/ns/net), in words: opening it needs the right to
/// inspect that process (ptrace read access), which root has unless it lacks CAP_SYS_PTRACE, or a security module or
/// sandbox refuses it: the case of a sandbox's or virtual machine's PID 1 that holds capabilities its shells lack.
/// </summary>
public static partial class NamespaceAccess
{
    private const int SysPtrace = 19;

    // linux/capability.h, by bit.
    private static readonly string[] CapabilityNames =
    [
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap", "linux_immutable",
        "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot",
        "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
        "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read",
        "perfmon", "bpf", "checkpoint_restore",
    ];

    /// <summary>What a process is, from its /proc/PID/status: effective uid, name, and effective and permitted capabilities.</summary>
    public sealed record ProcessFacts(string Name, uint Uid, ulong Effective, ulong Permitted)
    {
        public static ProcessFacts? Read(string pid)
        {
            try
            {
                return Parse(File.ReadAllText($"/proc/{pid}/status"));
            }
            catch (IOException)
            {
                return null;
            }
        }

        public static ProcessFacts Parse(string status)
        {
            string Field(string name) => Regex.Match(status, $@"^{name}:\s*(.*)$", RegexOptions.Multiline).Groups[1].Value.Trim();
            ulong Hex(string name) => ulong.TryParse(Field(name), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : 0;
            var uids = Field("Uid").Split('\t', StringSplitOptions.RemoveEmptyEntries);
            return new ProcessFacts(Field("Name"), uids.Length > 1 ? uint.Parse(uids[1], CultureInfo.InvariantCulture) : uint.MaxValue, Hex("CapEff"), Hex("CapPrm"));
        }
    }

    /// <summary>Why <paramref name="path"/>, a process's namespace file, cannot be opened; null: it can, or it is no such file.</summary>
    public static string? Explain(string path) =>
        ProcessOf(path) is { } pid && !CanOpen(path) && ProcessFacts.Read("self") is { } self && ProcessFacts.Read(pid) is { } target ? Explain(pid, self, target) : null;

    public static string Explain(string pid, ProcessFacts self, ProcessFacts target)
    {
        var who = $"process {pid} ({target.Name})";
        if (self.Uid != 0 && self.Uid != target.Uid)
        {
            return $"{who} belongs to uid {target.Uid} and portload runs as uid {self.Uid}: watching another user's process needs root (sudo)";
        }

        if ((self.Effective & (1UL << SysPtrace)) == 0)
        {
            return $"{who} may be inspected only with cap_sys_ptrace, which this process lacks (a container started without it: docker run --cap-add SYS_PTRACE)";
        }

        var lacking = Names(target.Permitted & ~self.Effective);
        var holds = lacking.Count == 0 ? "" : $"{who} holds capabilities this process lacks ({string.Join(", ", lacking)}), and ";
        return $"refused, though portload runs as root with cap_sys_ptrace. {holds}a security module (Landlock, AppArmor, SELinux) or the sandbox " +
            $"portload runs in keeps {who}'s namespaces from this process, as a sandbox's or virtual machine's PID 1 often does from the shells " +
            "it starts. Watch the process that makes the connections instead (--pid of your service)";
    }

    /// <summary>Whether this process can open <paramref name="path"/> now.</summary>
    public static bool CanOpen(string path)
    {
        try
        {
            File.OpenHandle(path).Dispose();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? ProcessOf(string path) => ProcessNamespacePath().Match(path) is { Success: true } m ? m.Groups[1].Value : null;

    private static List<string> Names(ulong capabilities) =>
        [.. Enumerable.Range(0, 64).Where(bit => (capabilities & (1UL << bit)) != 0).Select(bit => bit < CapabilityNames.Length ? "cap_" + CapabilityNames[bit] : $"capability {bit}")];

    [GeneratedRegex(@"^/proc/(\d+)/ns/net$")]
    private static partial Regex ProcessNamespacePath();
}
