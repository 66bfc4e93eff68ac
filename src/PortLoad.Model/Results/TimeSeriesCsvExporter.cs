using System.Globalization;
using PortLoad.Scenarios;

namespace PortLoad.Results;

/// <summary>timeseries.csv: one row per strategy per sampling interval.</summary>
public sealed class TimeSeriesCsvExporter(bool predicted = false) : ITextResultExporter
{
    /// <summary>The documented failure columns come first; the kinds added later follow the other columns.</summary>
    private static readonly FailureKind[] FirstKinds = [FailureKind.EADDRNOTAVAIL, FailureKind.EADDRINUSE, FailureKind.ECONNREFUSED, FailureKind.ETIMEDOUT];
    private static readonly FailureKind[] LaterKinds = [FailureKind.ECONNRESET, FailureKind.EMFILE, FailureKind.OTHER];

    /// <summary>The kinds added after the retries column: an HTTP server's answers.</summary>
    private static readonly FailureKind[] HttpKinds = [FailureKind.HTTP_429, FailureKind.HTTP_503, FailureKind.HTTP_4xx, FailureKind.HTTP_5xx, FailureKind.HTTP_UNEXPECTED];

    /// <summary>The columns, in order: the documented ones first, then the remaining failure kinds.</summary>
    public static readonly string[] Columns =
    [
        "strategy", "t", "offered", "attempted", "succeeded", "failed",
        .. FirstKinds.Select(k => Names.Failures[k]),
        "timeWait", "established", "p50Ms", "p99Ms",
        .. LaterKinds.Select(k => Names.Failures[k]),
        "timeWaitAllDestinations", "p90Ms", Names.Failures[FailureKind.CircuitOpen], "retries",
        .. HttpKinds.Select(k => Names.Failures[k]),
        "timeWaitOthers", Names.Failures[FailureKind.ENOBUFS],
    ];

    /// <summary>timeseries.csv, or with <c>predicted</c>, the simulator's series for a measured run.</summary>
    public string FileName => predicted ? "timeseries-predicted.csv" : "timeseries.csv";

    public void Write(ScenarioRun run, TextWriter writer)
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
        foreach (var kind in FirstKinds)
        {
            yield return Format(row.Failures.GetValueOrDefault(kind));
        }

        yield return Format(row.TimeWait);
        yield return Format(row.Established);
        yield return Format(row.P50Ms);
        yield return Format(row.P99Ms);
        foreach (var kind in LaterKinds)
        {
            yield return Format(row.Failures.GetValueOrDefault(kind));
        }

        yield return Format(row.TimeWaitAllDestinations);
        yield return Format(row.P90Ms);
        yield return Format(row.Failures.GetValueOrDefault(FailureKind.CircuitOpen));
        yield return Format(row.Retries);
        foreach (var kind in HttpKinds)
        {
            yield return Format(row.Failures.GetValueOrDefault(kind));
        }

        yield return Format(row.TimeWaitOthers);
        yield return Format(row.Failures.GetValueOrDefault(FailureKind.ENOBUFS));
    }

    private static string Format(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    private static string Format(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
