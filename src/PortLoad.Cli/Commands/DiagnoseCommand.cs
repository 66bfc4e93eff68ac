using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PortLoad.Captures;
using PortLoad.Cli.Output;
using PortLoad.Results;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary>
/// <c>portload diagnose</c>: the socket captures users bring from hosts PortLoad cannot run on (ss, netstat, /proc,
/// Windows' netstat and PowerShell, macOS' netstat), diagnosed per destination as <c>watch</c> diagnoses a live host.
/// </summary>
internal static class DiagnoseCommand
{
    private static readonly Dictionary<string, CaptureFormat> Formats = Enum.GetValues<CaptureFormat>().ToDictionary(DiagnosisReport.FormatName);

    private static readonly JsonSerializerOptions JsonLines = new(ResultJson.Options) { WriteIndented = false };

    public static Command Create()
    {
        var files = new Argument<string[]>("capture") { Description = "Capture files: one with snapshots after 'date' lines, or several in order (see --interval)", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string?>("--format") { Description = "Which tool printed the capture, when it cannot be told: " + string.Join(", ", Formats.Keys) };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);
        var range = CliOptions.Checked(new Option<string?>("--range") { Description = "The ephemeral port range, LOW-HIGH, when the capture does not print it (default: the system's)" }, text => Range(text) is null ? $"\"{text}\" is not LOW-HIGH with 1 <= LOW <= HIGH <= 65535, e.g. 32768-60999" : null);
        var timeWait = CliOptions.Duration("--time-wait", "How long TIME_WAIT lasts there (default: the system's: Linux 60s, Windows 120s, macOS 30s)", TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));
        var interval = CliOptions.Duration("--interval", "The time between snapshots that carry no date (several files), e.g. 10s", TimeSpan.Zero, TimeSpan.FromDays(1), TimeSpan.FromMilliseconds(1));
        timeWait.DefaultValueFactory = interval.DefaultValueFactory = null; // left out: the system's, and none (shown as such in help)
        var top = CliOptions.Between(new Option<int>("--top") { Description = "Destinations shown, most used first (1-1000)", DefaultValueFactory = _ => 10 }, 1, 1000);
        var json = new Option<bool>("--json") { Description = "One JSON line per snapshot, with the fields of watch --json" };
        var failAbove = CliOptions.Between(new Option<double?>("--fail-above") { Description = "Exit 3 when a destination's usage goes above this share (0-1), e.g. 0.8" }, 0, 1);
        var simulate = new Option<bool>("--simulate") { Description = "Also hand the busiest destinations' observed rates to the simulator: would they run out if the load went on?" };
        var output = new Option<string?>("--out") { Description = "Also write report.md and report.html (and, for a series, ports-in-use.svg) into this new or empty folder" };
        var strict = new Option<bool>("--strict") { Description = "Refuse a capture with any line that does not read (default: skip it and say how many)" };
        var command = new Command("diagnose", "Diagnose port exhaustion from socket captures of any host (ss, netstat, /proc/net/tcp, PowerShell)")
        {
            files, format, range, timeWait, interval, top, json, failAbove, strict, output, simulate,
        };
        command.SetAction(parse => Run(
            parse.GetValue(files)!, parse.GetValue(format) is { } f ? Formats[f] : null, Range(parse.GetValue(range)), parse.GetValue(timeWait),
            parse.GetValue(interval), parse.GetValue(top), parse.GetValue(json), parse.GetValue(failAbove), parse.GetValue(strict), parse.GetValue(output), parse.GetValue(simulate)));
        return command;
    }

    private static int Run(string[] files, CaptureFormat? format, PortRange? range, TimeSpan timeWait, TimeSpan interval, int top, bool json, double? failAbove, bool strict, string? output, bool simulate)
    {
        List<Capture> captures;
        try
        {
            captures = [.. files.Select(f => CaptureReader.Read(f, format, strict))];
        }
        catch (CaptureException e)
        {
            return Refuse(e.Message);
        }

        if (captures.Select(c => c.System).Distinct().Count() > 1)
        {
            return Refuse($"the captures come from different systems ({string.Join(", ", captures.Select(c => $"{c.File}: {c.System.Os}"))}): diagnose one host's at a time");
        }

        var snapshots = captures.SelectMany(c => c.Snapshots).ToList();
        if (snapshots.Count > 1 && snapshots.Any(s => s.At is null) && interval == TimeSpan.Zero)
        {
            return Refuse($"{snapshots.Count} snapshots, not all after a 'date' line: give --interval, the time between them, to have new connections a second");
        }

        var diagnosis = new CaptureDiagnosis(captures[0] with { Range = captures.Select(c => c.Range).FirstOrDefault(r => r is not null), TcpTwReuse = captures.Select(c => c.TcpTwReuse).FirstOrDefault(r => r is not null) }, range, timeWait == TimeSpan.Zero ? null : timeWait);
        var diagnosed = diagnosis.Diagnose(snapshots, top, interval > TimeSpan.Zero ? i => DateTimeOffset.UnixEpoch + (interval * i) : null);
        var forecasts = simulate ? CaptureForecast.For(diagnosis, diagnosed[^1]) : [];
        foreach (var skipped in captures.Where(c => c.Skipped.Count > 0))
        {
            Console.Error.WriteLine($"{skipped.File}: skipped {skipped.Skipped.Count} line(s) that do not read; the first, {skipped.Skipped[0].At}: {skipped.Skipped[0].Reason} (--strict refuses them)");
        }

        if (output is not null)
        {
            try
            {
                using var folder = OutputFolder.Reserve(output);
                DiagnosisReport.Write(folder.Path, captures, diagnosis, diagnosed, forecasts);
                Console.Error.WriteLine($"Report: {Path.Combine(folder.Path, "report.html")}");
            }
            catch (Exception e) when (e is OutputFolderException or IOException or UnauthorizedAccessException)
            {
                return Refuse($"--out: {e.Message}");
            }
        }

        if (json)
        {
            foreach (var s in diagnosed)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { t = s.At, system = diagnosis.Facts.Os, portRange = diagnosis.Facts.EphemeralPortRange, timeWaitSeconds = diagnosis.Facts.TimeWaitSeconds, clientPorts = s.ClientPorts, destinations = s.Destinations, findings = CaptureFindings.For(diagnosis, s) }, JsonLines));
            }
        }
        else
        {
            Write(Consoles.Create(), captures, diagnosis, diagnosed, forecasts);
        }

        var worst = diagnosed.SelectMany(s => s.Destinations).MaxBy(d => d.Usage);
        if (failAbove is { } limit && worst is { } w && w.Usage > limit)
        {
            Console.Error.WriteLine(FormattableString.Invariant($"{w.Destination} ({w.Source}) uses {w.Usage:P0} of its port space, above --fail-above {limit:0.##}"));
            return ExitCodes.ThresholdsFailed;
        }

        return ExitCodes.Ok;
    }

    private static void Write(IAnsiConsole console, List<Capture> captures, CaptureDiagnosis diagnosis, IReadOnlyList<DiagnosedSnapshot> diagnosed, IReadOnlyList<CaptureForecastRow> forecasts)
    {
        var (capture, rules) = DiagnosisReport.Header(captures, diagnosis, diagnosed);
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]{capture}[/]");
        console.WriteLine(rules);
        if (diagnosed.Count > 1)
        {
            foreach (var s in diagnosed)
            {
                var busiest = s.Destinations.FirstOrDefault();
                var line = busiest is null ? "no client connections" : FormattableString.Invariant($"{busiest.Destination} {busiest.Usage:P0}, {busiest.NewPerSecond:0.#} new/s, {(busiest.SecondsToExhaustion is { } e ? $"out in {e:0} s" : "never out")}");
                console.WriteLine(FormattableString.Invariant($"{DiagnosisReport.When(s),-19}  {s.ClientPorts,7:N0} ports  {line}"));
            }
        }

        var last = diagnosed[^1];
        DestinationTable.Write(console, last.Destinations, FormattableString.Invariant($"{DiagnosisReport.When(last)}, {last.ClientPorts:N0} client ports in all"));
        if (diagnosis.SharedSpace)
        {
            console.MarkupLine("[grey]Windows and macOS hold one port space for every destination: each row's use and forecast are the host's.[/]");
        }

        foreach (var finding in CaptureFindings.For(diagnosis, last).Concat(DiagnosisReport.Forecasts(forecasts, diagnosis)))
        {
            console.WriteLine("* " + finding);
        }
    }

    private static PortRange? Range(string? text)
    {
        var parts = text?.Split('-');
        return parts is [var low, var high] && int.TryParse(low, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && int.TryParse(high, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && l >= 1 && h <= 65535 && l <= h
            ? new PortRange(l, h)
            : null;
    }

    private static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.InvalidInput;
    }
}
