using System.Globalization;
using System.Text;
using PortLoad.Runs;

namespace PortLoad.Results;

/// <summary>
/// Writes a run's files into its results folder atomically: a new folder is filled under a
/// temporary name and renamed when complete; files in an existing folder are each replaced whole.
/// </summary>
public sealed class ResultsWriter(IReadOnlyList<IResultExporter> exporters)
{
    public IReadOnlyList<IResultExporter> Exporters => exporters;

    /// <summary>The data files, the charts and the reports.</summary>
    public static ResultsWriter Default { get; } = new(
    [
        new SummaryJsonExporter(), new TimeSeriesCsvExporter(), new TimeSeriesCsvExporter(predicted: true),
        .. Reports.ChartExporter.All, new Reports.HtmlReportExporter(), new Reports.MarkdownReportExporter(),
    ]);

    /// <summary>The default folder for a run: &lt;results&gt;/&lt;scenario&gt;-&lt;UTC yyyyMMdd-HHmmss&gt;.</summary>
    public static string DefaultFolder(string resultsRoot, string scenario, DateTimeOffset startedAt) =>
        Path.Combine(resultsRoot, $"{scenario}-{startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

    public string Write(ScenarioRun run, string folder)
    {
        var final = Path.GetFullPath(folder);
        if (Directory.Exists(final))
        {
            foreach (var exporter in exporters)
            {
                WriteFile(Path.Combine(final, exporter.FileName), exporter, run);
            }

            return final;
        }

        var staging = $"{final}.partial-{Environment.ProcessId}";
        Directory.CreateDirectory(staging);
        foreach (var exporter in exporters)
        {
            WriteFile(Path.Combine(staging, exporter.FileName), exporter, run);
        }

        Directory.Move(staging, final);
        return final;
    }

    private static void WriteFile(string path, IResultExporter exporter, ScenarioRun run)
    {
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
        {
            exporter.Export(run, writer);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
