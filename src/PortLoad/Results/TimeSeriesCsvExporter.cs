using System.Globalization;
using PortLoad.Connections;
using PortLoad.Runs;

namespace PortLoad.Results;

/// <summary>timeseries.csv: one row per strategy per sampling interval.</summary>
public sealed class TimeSeriesCsvExporter(bool predicted = false) : IResultExporter
{
    /// <summary>The columns, in order: the documented ones first, then the remaining failure kinds.</summary>
    public static readonly string[] Columns =
    [
        "strategy", "t", "offered", "attempted", "succeeded", "failed",
        "EADDRNOTAVAIL", "EADDRINUSE", "ECONNREFUSED", "ETIMEDOUT",
        "timeWait", "established", "p50Ms", "p99Ms",
        "ECONNRESET", "EMFILE", "OTHER", "timeWaitAllDestinations", "p90Ms", "CircuitOpen", "retries",
    ];

    /// <summary>timeseries.csv, or with <c>predicted</c>, the simulator's series for a measured run.</summary>
    public string FileName => predicted ? "timeseries-predicted.csv" : "timeseries.csv";

    public void Export(ScenarioRun run, TextWriter writer)
    {
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        foreach (var row in predicted ? run.PredictedRows : run.Rows)
        {
            writer.Write(string.Join(',', Cells(row)));
            writer.Write('\n');
        }
    }

    private static IEnumerable<string> Cells(TimeSeriesRow row)
    {
        yield return row.Strategy;
        yield return Format(row.T);
        yield return Format(row.Offered);
        yield return Format(row.Attempted);
        yield return Format(row.Succeeded);
        yield return Format(row.Failed);
        foreach (var kind in new[] { FailureKind.EADDRNOTAVAIL, FailureKind.EADDRINUSE, FailureKind.ECONNREFUSED, FailureKind.ETIMEDOUT })
        {
            yield return Format(row.Failures.GetValueOrDefault(kind.ToString()));
        }

        yield return Format(row.TimeWait);
        yield return Format(row.Established);
        yield return Format(row.P50Ms);
        yield return Format(row.P99Ms);
        foreach (var kind in new[] { FailureKind.ECONNRESET, FailureKind.EMFILE, FailureKind.OTHER })
        {
            yield return Format(row.Failures.GetValueOrDefault(kind.ToString()));
        }

        yield return Format(row.TimeWaitAllDestinations);
        yield return Format(row.P90Ms);
        yield return Format(row.Failures.GetValueOrDefault(nameof(FailureKind.CircuitOpen)));
        yield return Format(row.Retries);
    }

    private static string Format(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    private static string Format(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
