using System.Globalization;
using PortLoad.Scenarios;

namespace PortLoad.Results;

/// <summary>Reads timeseries.csv back (by column name, so older files with fewer columns still read).</summary>
public static class TimeSeriesCsvReader
{
    public static IReadOnlyList<TimeSeriesRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            return [];
        }

        var columns = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        var rows = new List<TimeSeriesRow>();
        foreach (var (line, number) in lines.Skip(1).Select((l, i) => (l, i + 2)))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            string Cell(string name) => columns.TryGetValue(name, out var i) && i < cells.Length ? cells[i] : "";
            long? Long(string name) => long.TryParse(Cell(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
            double? Double(string name) => double.TryParse(Cell(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
            rows.Add(new TimeSeriesRow
            {
                Strategy = Cell("strategy"),
                T = Double("t") ?? throw new InvalidDataException($"{path}:{number}: no value in column t"),
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
            });
        }

        return rows;
    }
}
