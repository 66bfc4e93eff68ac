using System.CommandLine;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload schema [--out FILE]</c>: the JSON Schema of scenario files, as the reader and validators define them.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = $"Write it to this file (e.g. scenarios/{ScenarioSchema.FileName}) instead of standard output" };
        var command = new Command("schema", "Print the JSON Schema (draft 2020-12) of scenario files, for editors and CI") { output };
        command.SetAction(parse =>
        {
            var json = ScenarioSchema.Json();
            if (parse.GetValue(output) is not { } file)
            {
                Console.Write(json);
                return ExitCodes.Ok;
            }

            try
            {
                AtomicFile.Write(file, writer => writer.Write(json));
                Console.WriteLine($"wrote {Path.GetFullPath(file)}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"--out {file}: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
