using System.Net;
using System.Text.RegularExpressions;

namespace PortLoad.Cli.Workshop;

/// <summary>
/// The guide's words for a step as the page shows them (HTML) and as the terminal does (Spectre markup): paragraphs
/// of one line each, bold, code, the text of links; everything else escaped.
/// </summary>
internal static partial class GuideWords
{
    public static string Html(string markdown) =>
        string.Concat(Paragraphs(markdown).Select(p => "<p>" + Link().Replace(Bold().Replace(Code().Replace(WebUtility.HtmlEncode(p), "<code>$1</code>"), "<b>$1</b>"), "$1") + "</p>"));

    public static string Markup(string markdown) =>
        string.Join("\n\n", Paragraphs(markdown).Select(p => Bold().Replace(Spectre.Console.Markup.Escape(Link().Replace(p, "$1")), "[bold]$1[/]")));

    private static IEnumerable<string> Paragraphs(string markdown) =>
        markdown.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !p.StartsWith("```", StringComparison.Ordinal))
            .Select(p => p.Replace('\n', ' '));

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]+\)")]
    private static partial Regex Link();
}
