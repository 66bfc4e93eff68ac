using System.Reflection;

namespace PortLoad.Isolation;

/// <summary>How to start PortLoad's command line again, in a child process: the program and its first arguments.</summary>
public sealed record ChildCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The command that runs <paramref name="cli"/> (PortLoad.Cli) the way this process was started.</summary>
    public static ChildCommand For(Assembly cli)
    {
        var process = Environment.ProcessPath ?? "dotnet";
        // Under "dotnet PortLoad.Cli.dll" (and under a test host) the program is the dotnet host.
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? new ChildCommand(process, [cli.Location])
            : new ChildCommand(process, []);
    }
}
