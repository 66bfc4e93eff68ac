using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PortLoad.Cli.Output;
using PortLoad.HostInfo;
using PortLoad.Results;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary><c>portload inspect</c>: the host's ephemeral-port facts and the connection rates they allow.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON for machines" };
        var command = new Command("inspect", "Show the ephemeral port range, tcp_tw_reuse, TIME_WAIT now, and the sustainable connection rate") { json };
        command.SetAction(parse =>
        {
            var inspection = Inspection.Take();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(inspection, ResultJson.Options));
                return ExitCodes.Ok;
            }

            Write(Consoles.Create(), inspection);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, Inspection i)
    {
        var h = i.Host;
        console.MarkupLineInterpolated($"[bold]{h.Os}[/] {h.Kernel}, {h.ProcessorCount} cores");
        console.MarkupLineInterpolated($"ephemeral ports   {h.EphemeralPortRange} ({h.EphemeralPortRange.Size:N0} ports per destination and source address)");
        console.MarkupLineInterpolated($"tcp_tw_reuse      {h.TcpTwReuse?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {i.TcpTwReuseMeaning}");
        console.MarkupLineInterpolated($"TIME_WAIT length  {h.TimeWaitSeconds} s");
        console.MarkupLineInterpolated($"TIME_WAIT now     {i.TimeWaitTotal?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} sockets");
        foreach (var d in i.TopTimeWaitDestinations)
        {
            console.MarkupLineInterpolated($"                  {d.TimeWait,8:N0} to {d.Destination}");
        }

        console.MarkupLineInterpolated($"open-file limit   {h.OpenFileLimit?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} (every connection is a file descriptor: EMFILE beyond it)");
        var table = new Table().Border(TableBorder.Rounded).Title("new connections/s to one destination, client closing first")
            .AddColumns("where", "ports", "TIME_WAIT", "conn/s", "how");
        foreach (var r in i.SustainableRates)
        {
            table.AddRow(
                Markup.Escape(r.System),
                r.Range.Size.ToString("N0", CultureInfo.InvariantCulture),
                $"{r.TimeWaitSeconds} s",
                r.NewConnectionsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(r.Note));
        }

        console.Write(table);
        console.MarkupLine("More source addresses or destination ports multiply these: the limit is per (source IP, destination IP, destination port).");
    }
}
