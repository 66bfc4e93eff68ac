using PortLoad.Charts;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Reports;

/// <summary>The charts of a run's report, built from its summary and time series; rendering is the renderer's job.</summary>
public static class ReportCharts
{
    public static Chart TimeWait(ScenarioRun run)
    {
        var series = new List<Series>();
        foreach (var s in run.Summary.Strategies)
        {
            // Others' TIME_WAIT (an earlier strategy's, another process's) under the strategy's own.
            if (s.TimeWait.Others > 0)
            {
                series.Add(new Series($"{s.Name}: others' TIME_WAIT", Points(run.Rows, s.Name, r => r.TimeWaitOthers), LineKind.Band));
            }
        }

        foreach (var s in run.Summary.Strategies)
        {
            series.Add(new Series(s.Name, Points(run.Rows, s.Name, r => r.TimeWait), Group: s.Name));
            var predicted = Points(run.PredictedRows, s.Name, r => r.TimeWait);
            if (predicted.Count > 0)
            {
                series.Add(new Series($"{s.Name} (predicted)", predicted, LineKind.Dashed, Group: s.Name));
            }
        }

        var ceilings = run.Summary.Strategies.Select(s => s.PortSpace).Distinct()
            .Select(space => new ReferenceLine(space, Invariant.Format($"port space {space:N0} (range x source addresses)")));
        return new Chart
        {
            Title = "TIME_WAIT sockets to the target",
            X = new Axis("time", AxisKind.Time),
            Y = new Axis("sockets in TIME_WAIT"),
            Series = series,
            ReferenceLines = ceilings.ToList(),
        };
    }

    public static Chart Throughput(ScenarioRun run)
    {
        var perSecond = 1 / Interval(run);
        var series = new List<Series>();
        foreach (var s in run.Summary.Strategies)
        {
            series.Add(new Series($"{s.Name} achieved", Points(run.Rows, s.Name, r => r.Succeeded * perSecond), Group: s.Name));
            if (s.Resilience is not null)
            {
                series.Add(new Series($"{s.Name} retries", Points(run.Rows, s.Name, r => r.Retries * perSecond), LineKind.Dotted, Group: s.Name));
            }
        }

        var first = run.Summary.Strategies.FirstOrDefault();
        if (first is not null)
        {
            series.Insert(0, new Series("offered", Points(run.Rows, first.Name, r => r.Offered * perSecond), LineKind.Dashed));
        }

        var limits = run.Summary.Strategies
            .Where(s => s.Analysis?.SustainablePerSecond is not null)
            .Select(s => (Rate: s.Analysis!.SustainablePerSecond!.Value, s.Analysis.Limit))
            .DistinctBy(l => l.Rate)
            .Select(l => new ReferenceLine(l.Rate, Invariant.Format($"sustainable {l.Rate:0.#}/s: {l.Limit}")));
        return new Chart
        {
            Title = run.Summary.Strategies.Any(s => s.Resilience is not null)
                ? "Throughput: offered and achieved requests, and retries, per second"
                : "Throughput: offered and achieved requests per second",
            X = new Axis("time", AxisKind.Time),
            Y = new Axis("requests / s"),
            Series = series,
            ReferenceLines = limits.ToList(),
        };
    }

    public static Chart Failures(ScenarioRun run)
    {
        // A colour per failure kind, a line style per strategy: the kind is what the reader looks for.
        var series = new List<Series>();
        foreach (var (s, i) in run.Summary.Strategies.Select((s, i) => (s, i)))
        {
            foreach (var kind in s.Failures.Where(f => f.Value > 0).Select(f => f.Key))
            {
                series.Add(new Series($"{s.Name} {Names.Failures[kind]}", Points(run.Rows, s.Name, r => r.Failures[kind]), (LineKind)(i % 3), Group: Names.Failures[kind]));
            }
        }

        var markers = run.Summary.Strategies.Where(s => s.FirstFailureSeconds is not null)
            .Select(s => new Marker(s.FirstFailureSeconds!.Value, Invariant.Format($"{s.Name}: first {(s.FirstFailureKind is { } kind ? Names.Failures[kind] : "")} at {s.FirstFailureSeconds:0.##} s")));
        return new Chart
        {
            Title = "Failed requests by errno, per interval",
            X = new Axis("time", AxisKind.Time),
            Y = new Axis("failures per interval"),
            Series = series,
            Markers = markers.ToList(),
        };
    }

    public static Chart Latency(ScenarioRun run)
    {
        // p50 and p99 only (p90 is in timeseries.csv): two lines a strategy, in its colour, stay readable.
        var series = new List<Series>();
        foreach (var s in run.Summary.Strategies)
        {
            series.Add(new Series($"{s.Name} p99", Points(run.Rows, s.Name, r => r.P99Ms), Group: s.Name));
            series.Add(new Series($"{s.Name} p50", Points(run.Rows, s.Name, r => r.P50Ms), LineKind.Dotted, Group: s.Name));
        }

        return new Chart
        {
            Title = "Latency from the scheduled start: p99 (solid) and p50 (dotted) per interval",
            X = new Axis("time", AxisKind.Time),
            Y = new Axis("milliseconds"),
            Series = series,
        };
    }

    private static double Interval(ScenarioRun run) =>
        run.Summary.SamplingIntervalSeconds > 0 ? run.Summary.SamplingIntervalSeconds : 1;

    private static List<(double X, double Y)> Points(IEnumerable<TimeSeriesRow> rows, string strategy, Func<TimeSeriesRow, double?> value) =>
        rows.Where(r => r.Strategy == strategy).Select(r => (r.T, value(r))).Where(p => p.Item2 is not null).Select(p => (p.T, p.Item2!.Value)).ToList();
}
