using PortLoad.Watching;

namespace PortLoad.Tests.Runtime.Watching;

/// <summary>
/// Regression (#26): <c>watch --pid 1</c> said only "Access to the path '/proc/1/ns/net' is denied", as root. Opening
/// another process's namespace file needs ptrace read access to it; the refusal is now said with its cause.
/// </summary>
public class NamespaceAccessTests
{
    private const string AllCapabilities = "000001ffffffffff";

    [Test]
    public void Explain_RootWithPtrace_TargetHoldsMore_NamesWhatThisProcessLacks()
    {
        var self = Facts("bash", 0, "000001fffeffffff"); // cap_sys_resource (bit 24) dropped
        var target = Facts("process_api", 0, AllCapabilities);

        var message = NamespaceAccess.Explain("1", self, target);

        Assert.That(message, Does.StartWith("refused, though portload runs as root with cap_sys_ptrace. process 1 (process_api) holds capabilities this process lacks (cap_sys_resource)"));
    }

    [Test]
    public void Explain_RootWithoutPtrace_SaysSo()
    {
        var message = NamespaceAccess.Explain("42", Facts("portload", 0, "000001fffef7ffff"), Facts("nginx", 0, AllCapabilities));

        Assert.That(message, Does.Contain("process 42 (nginx) may be inspected only with cap_sys_ptrace, which this process lacks"));
    }

    [Test]
    public void Explain_AnotherUsersProcess_NotRoot_SaysItNeedsRoot()
    {
        var message = NamespaceAccess.Explain("42", Facts("portload", 1000, "0000000000000000"), Facts("nginx", 33, "0000000000000000"));

        Assert.That(message, Is.EqualTo("process 42 (nginx) belongs to uid 33 and portload runs as uid 1000: watching another user's process needs root (sudo)"));
    }

    [Test]
    public void Explain_AFileThisProcessCanOpen_IsNotExplained()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NamespaceAccess.Explain($"/proc/{Environment.ProcessId}/ns/net"), Is.Null, "its own namespace: any refusal was elsewhere (setns)");
            Assert.That(NamespaceAccess.Explain("/tmp/not-a-namespace"), Is.Null);
        });
    }

    /// <summary>The real refusal, where this machine has one: PID 1 of a sandbox whose namespaces are closed to root here.</summary>
    [Test]
    public void Explain_Pid1_WhereTheKernelRefusesIt_GivesTheCause()
    {
        if (Environment.UserName != "root" || NamespaceAccess.CanOpen("/proc/1/ns/net"))
        {
            Assert.Ignore("needs a machine where root cannot open /proc/1/ns/net (a sandbox's PID 1); here it can, or this is not root");
        }

        var self = NamespaceAccess.ProcessFacts.Read("self")!;
        var message = NamespaceAccess.Explain("/proc/1/ns/net");

        Assert.That(message, Does.StartWith((self.Effective & (1UL << 19)) == 0 ? "process 1" : "refused, though portload runs as root"));
    }

    [Test]
    public void ProcessFacts_ParsesStatus()
    {
        var facts = NamespaceAccess.ProcessFacts.Parse(File.ReadAllText("/proc/self/status"));

        Assert.Multiple(() =>
        {
            Assert.That(facts.Name, Is.Not.Empty);
            Assert.That(facts.Uid == 0, Is.EqualTo(Environment.UserName == "root"));
            Assert.That(facts.Effective != 0, Is.EqualTo(Environment.UserName == "root"), "root has capabilities, a user none");
        });
    }

    private static NamespaceAccess.ProcessFacts Facts(string name, uint uid, string capabilities) =>
        NamespaceAccess.ProcessFacts.Parse($"Name:\t{name}\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nCapPrm:\t{capabilities}\nCapEff:\t{capabilities}\n");
}
