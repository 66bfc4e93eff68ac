using System.Diagnostics;
using System.Reflection;

namespace PortLoad.Isolation;

/// <summary>How to start PortLoad's command line again, in a child process: the program and its first arguments.</summary>
public sealed record ChildCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// The command that runs <paramref name="cli"/> (PortLoad.Cli) the way this process was started: the installed
    /// tool's shim, the apphost of <c>dotnet run</c> and a single-file program run themselves; under
    /// <c>dotnet portload.dll</c> (and a test host) the program is the dotnet host, given the assembly.
    /// </summary>
    public static ChildCommand For(Assembly cli)
    {
        var process = Environment.ProcessPath ?? "dotnet";
        // AppContext.BaseDirectory, not Assembly.Location: a single-file program has no assembly files.
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? new ChildCommand(process, [Path.Combine(AppContext.BaseDirectory, cli.GetName().Name + ".dll")])
            : new ChildCommand(process, []);
    }

    /// <summary>
    /// Leaves out of <paramref name="start"/>'s environment the diagnostic port a diagnostics tool gave this process:
    /// <c>dotnet-counters</c> and <c>dotnet-trace</c> start the program they watch with
    /// <c>DOTNET_DiagnosticPorts=...,suspend</c>, and a child that inherited it would wait, suspended, for a tool that
    /// never connects to it (the run hung at its first strategy).
    /// </summary>
    public static ProcessStartInfo WithoutDiagnosticPort(ProcessStartInfo start)
    {
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        start.Environment.Remove("DOTNET_DefaultDiagnosticPortSuspend");
        return start;
    }
}
