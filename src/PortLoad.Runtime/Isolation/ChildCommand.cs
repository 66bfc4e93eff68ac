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
}
