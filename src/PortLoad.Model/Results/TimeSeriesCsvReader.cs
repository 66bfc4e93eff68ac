using System.Globalization;
using PortLoad.Scenarios;

namespace PortLoad.Results;

/// <summary>
/// Reads timeseries.csv back, by column name, so older files with fewer columns still read. A cell that is there must
/// hold what a run writes there (a count from 0 to 2^53, a time or latency finite and not negative): anything else is
/// an input error naming the file, the line and the column.
/// </summary>
public static class TimeSeriesCsvReader
{
    /// <summary>The rows; none when the file is missing (a file that may be absent, as timeseries-predicted.csv).</summary>
    public static IReadOnlyList<TimeSeriesRow> Read(string path) => File.Exists(path) ? ReadLines(path, File.ReadAllLines(path)) : [];

    private static List<TimeSeriesRow> ReadLines(string path, string[] lines)
    {
        if (lines.Length == 0)
        {
            throw new InvalidDataException($"{path}: empty; a run writes at least the header line");
        }

        var header = lines[0].Split(',');
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, i) in header.Select((name, i) => (name, i)))
        {
            if (!columns.TryAdd(name, i))
            {
                throw new InvalidDataException($"{path}:1: column \"{name}\" appears twice");
            }
        }

        foreach (var required in (string[])["strategy", "t"])
        {
            if (!columns.ContainsKey(required))
            {
                throw new InvalidDataException($"{path}:1: no column \"{required}\"; is it a PortLoad timeseries.csv?");
            }
        }

        var rows = new List<TimeSeriesRow>();
        foreach (var (line, number) in lines.Skip(1).Select((l, i) => (l, i + 2)))
        {
            if (line.Length > 0)
            {
                rows.Add(new Row(path, number, columns, line.Split(',')).Read());
            }
        }

        return rows;
    }

    /// <summary>One line's cells, read by column name.</summary>
    private sealed class Row(string path, int number, Dictionary<string, int> columns, string[] cells)
    {
        public TimeSeriesRow Read()
        {
            if (cells.Length != columns.Count)
            {
                throw Problem(Invariant.Format($"{cells.Length} cells, where the header has {columns.Count}"));
            }

            var strategy = Cell("strategy");
            if (!Names.IsSafe(strategy))
            {
                throw Problem($"strategy \"{strategy}\" must be 1-64 letters, digits, '.', '_' or '-'");
            }

            return new TimeSeriesRow
            {
                Strategy = strategy,
                T = Double("t") ?? throw Problem("no value in column t"),
                Offered = Long("offered") ?? 0,
                Attempted = Long("attempted") ?? 0,
                Succeeded = Long("succeeded") ?? 0,
                Failed = Long("failed") ?? 0,
                Failures = FailureKinds.All.ToDictionary(k => k, k => Long(Names.Failures[k]) ?? 0),
                TimeWait = Long("timeWait"),
                Established = Long("established"),
                TimeWaitAllDestinations = Long("timeWaitAllDestinations"),
                TimeWaitOthers = Long("timeWaitOthers"),
                P50Ms = Double("p50Ms"),
                P90Ms = Double("p90Ms"),
                P99Ms = Double("p99Ms"),
                Retries = Long("retries") ?? 0,
            };
        }

        private string Cell(string name) => columns.TryGetValue(name, out var i) ? cells[i] : "";

        private long? Long(string name)
        {
            var cell = Cell(name);
            if (cell.Length == 0)
            {
                return null;
            }

            return long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= SummaryJsonExporter.MaxCount
                ? v
                : throw Problem($"column {name}: \"{cell}\" is no count a run writes (0 to 2^53)");
        }

        private double? Double(string name)
        {
            var cell = Cell(name);
            if (cell.Length == 0)
            {
                return null;
            }

            return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0
                ? v
                : throw Problem($"column {name}: \"{cell}\" must be a finite number, 0 or more");
        }

        private InvalidDataException Problem(string what) => new(Invariant.Format($"{path}:{number}: {what}"));
    }
}
