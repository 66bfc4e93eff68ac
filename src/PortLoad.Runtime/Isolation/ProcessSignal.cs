using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PortLoad.Isolation;

/// <summary>Signals to PortLoad's own child processes.</summary>
public static partial class ProcessSignal
{
    private const int SigTerm = 15;

    /// <summary>SIGTERM, which a PortLoad run answers by writing what it has (Process.Kill would be SIGKILL).</summary>
    public static void Terminate(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, SigTerm);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already ended.
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
