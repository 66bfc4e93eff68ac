using System.Globalization;
using PortLoad.Watching;
using Spectre.Console;

namespace PortLoad.Cli.Output;

/// <summary>Destinations as <c>watch</c> and <c>diagnose</c> print them: usage, rate, forecast and owner, one row each.</summary>
internal static class DestinationTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<WatchRow> rows, string title)
    {
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title))
            .AddColumns("to (from)", "EST", "TW", "use", "new/s", "runs out", "process");
        foreach (var r in rows)
        {
            var usage = r.Usage.ToString("P0", CultureInfo.InvariantCulture);
            table.AddRow(
                Markup.Escape($"{r.Destination} ({r.Source})"),
                r.Established.ToString("N0", CultureInfo.InvariantCulture),
                r.TimeWait.ToString("N0", CultureInfo.InvariantCulture),
                r.Usage >= 0.8 ? $"[red]{usage}[/]" : usage,
                r.NewPerSecond.ToString("0.#", CultureInfo.InvariantCulture),
                r.SecondsToExhaustion is { } s ? $"[red]in {s:0} s[/]" : "never",
                Markup.Escape(r.Process ?? "-"));
        }

        console.Write(rows.Count == 0 ? new Text("no client connections") : table);
    }
}
