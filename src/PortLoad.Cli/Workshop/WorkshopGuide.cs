using System.Reflection;
using System.Text.RegularExpressions;

namespace PortLoad.Cli.Workshop;

/// <summary>One step of the workshop: its section of the guide, and the scenario it runs (or simulates).</summary>
/// <param name="Words">The section's text as the guide has it, without the command's code block.</param>
public sealed record WorkshopStep(string Title, string Verb, string Scenario, string Words);

/// <summary>
/// The workshop's steps, read from the guide itself (docs/workshop.md, built into the program), so the page and the
/// guide never disagree: each level-two section whose shell block starts with <c>pl run FILE</c> or
/// <c>pl simulate FILE</c> is a step, in the guide's order.
/// </summary>
public static partial class WorkshopGuide
{
    public const string ResourceName = "PortLoad.Cli.workshop.md";

    public static IReadOnlyList<WorkshopStep> Steps { get; } = Read(BuiltIn());

    /// <summary>The guide as this program was built with it.</summary>
    public static string BuiltIn()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the program was built without its workshop guide ({ResourceName})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IReadOnlyList<WorkshopStep> Read(string markdown)
    {
        var steps = new List<WorkshopStep>();
        foreach (var section in Sections().Split(markdown.ReplaceLineEndings("\n")).Skip(1))
        {
            var title = section[..section.IndexOf('\n', StringComparison.Ordinal)].Trim();
            if (Command().Match(section) is not { Success: true } command)
            {
                continue;
            }

            var words = Command().Replace(section[(title.Length + 1)..], "", 1).Trim();
            steps.Add(new WorkshopStep(title, command.Groups["verb"].Value, command.Groups["file"].Value, words));
        }

        return steps;
    }

    [GeneratedRegex(@"^## ", RegexOptions.Multiline)]
    private static partial Regex Sections();

    [GeneratedRegex(@"```sh\n\s*pl (?<verb>run|simulate) (?<file>\S+\.json)[^\n]*\n(?:[^`]*\n)?```\n?")]
    private static partial Regex Command();
}
