using System.Globalization;
using PortLoad.HostInfo;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Reports;

/// <summary>The tables and facts every report shows, as plain strings, so HTML and Markdown say the same.</summary>
public static class ReportTables
{
    public static IReadOnlyList<(string Label, string Value)> Facts(RunSummary s)
    {
        var h = s.Host;
        return
        [
            ("scenario", s.Scenario),
            ("mode", Names.Modes[s.Mode] + (s.Completed ? "" : " (incomplete)")),
            ("started", s.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
            ("target", $"{s.Target} ({Names.Protocols[s.Protocol]})"),
            ("host", $"{h.Os} {h.Kernel}"),
            // Where strategies ran in namespaces of their own, the settings they had, not the host's.
            ("ephemeral port range", InForce(s, x => Invariant.Format($"{x.EphemeralPortRange} ({x.EphemeralPortRange.Size:N0} ports)"))),
            ("tcp_tw_reuse", InForce(s, x => x.TcpTwReuse?.ToString(CultureInfo.InvariantCulture) ?? "n/a")),
            ("TIME_WAIT length", Invariant.Format($"{h.TimeWaitSeconds} s")),
            ("namespace", InForce(s, x => Names.Namespaces[x.Namespace])),
        ];
    }

    /// <summary>The comparison: a header row of strategy names, then one row per figure.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Comparison(RunSummary s)
    {
        var rows = new List<IReadOnlyList<string>> { (["", .. s.Strategies.Select(x => x.Name)]) };
        void Row(string label, Func<StrategyResult, string> cell) => rows.Add([label, .. s.Strategies.Select(cell)]);
        Row("connections", x => Names.Connections[x.Connections] + (x.CloseBy is { } by ? $", {Names.Closers[by]} closes" : $" x{x.PoolSize}"));
        Row("port space", x => N(x.PortSpace));
        Row("connections opened", x => N(x.ConnectionsOpened));
        Row("requests attempted", x => N(x.Requests.Attempted));
        Row("succeeded", x => N(x.Requests.Succeeded));
        // The two faces of port exhaustion always; other kinds where some strategy had them.
        foreach (var kind in s.Strategies.SelectMany(x => x.Failures.Keys).Distinct()
                     .Where(k => k is FailureKind.EADDRNOTAVAIL or FailureKind.EADDRINUSE || s.Strategies.Any(x => x.Failures.GetValueOrDefault(k) > 0)))
        {
            Row(Names.Failures[kind], x => N(x.Failures.GetValueOrDefault(kind)));
        }

        Row("first failure", x => x.FirstFailureSeconds is { } t ? Invariant.Format($"{t:0.00} s {FailureName(x.FirstFailureKind)}") : "-");
        Row("TIME_WAIT peak", x => N(x.TimeWait.Peak));
        // Sockets to the same destination the strategy did not open: an earlier strategy's, another process's.
        if (s.Strategies.Any(x => x.TimeWait.Others > 0))
        {
            Row("TIME_WAIT of others (peak)", x => N(x.TimeWait.Others));
        }

        if (s.Strategies.Any(x => x.WarmUp is not null))
        {
            Row("warm-up (not recorded)", x => x.WarmUp is { } w ? WarmUpCell(w, x.Connections) : "none");
        }

        if (s.Strategies.Any(x => x.Held is not null))
        {
            void Held(string label, Func<HeldConnections, string> cell) => Row(label, x => x.Held is { } h ? cell(h) : "-");
            Held("held at once", h => N(h.PeakHeld));
            Held("server: open at once", h => h.Server is { } c ? N(c.PeakOpen) : "-");
            Held("server: client pairs", h => h.Server is { } c ? $"{N(c.DistinctClients)} from {N(c.SourceAddresses)} addresses" : "-");
            Held("ceiling per address", h => N(h.PerAddressCeiling));
            Held("time to open all (s)", h => D(h.OpenSeconds));
            Held("memory / connection", h => h.ProcessBytesPerConnection is { } p ? $"{D(p / 1024)} KiB process, {D((h.KernelSlabBytesPerConnection ?? 0) / 1024)} KiB kernel" : "-");
        }

        Row("offered / s", x => D(x.Throughput.OfferedPerSecond));
        Row("achieved / s", x => D(x.Throughput.AchievedPerSecond));
        Row("latency p50 / p90 / p99 ms", x => $"{D(x.LatencyMs.P50)} / {D(x.LatencyMs.P90)} / {D(x.LatencyMs.P99)}");
        Row("sustainable / s (analysis)", x => x.Analysis?.SustainablePerSecond is { } r ? D(r) : "unlimited");
        if (s.Strategies.Any(x => x.Resilience is not null))
        {
            void Resilience(string label, Func<ResilienceFigures, string> cell) => Row(label, x => x.Resilience is { } r ? cell(r) : "-");
            Resilience("attempts", r => N(r.Attempts));
            Resilience("retries", r => N(r.Retries));
            Resilience("ok after a retry", r => N(r.SucceededAfterRetry));
            Resilience("every try failed", r => N(r.RetriesExhausted));
            Resilience("backoff (s)", r => D(r.BackoffSeconds));
            Resilience("breaker opened", r => N(r.BreakerOpenings));
            Resilience("short-circuited", r => N(r.ShortCircuited));
        }

        return rows;
    }

    private static string WarmUpCell(WarmUpFigures w, ConnectionMode connections)
    {
        var where = connections == ConnectionMode.Pooled ? "its own pool"
            : w.SameDestination ? "the target, closed with RST"
            : "another server port, closed with RST";
        return $"{N(w.Requests)} requests{(w.Failed > 0 ? $", {N(w.Failed)} failed" : "")}, to {where}";
    }

    /// <summary>Predicted beside measured, per strategy; empty when nothing was predicted.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> PredictedVersusMeasured(RunSummary s)
    {
        var predicted = s.Strategies.Where(x => x.Predicted is not null).ToList();
        if (predicted.Count == 0)
        {
            return [];
        }

        var rows = new List<IReadOnlyList<string>> { (["strategy", "figure", "measured", "predicted"]) };
        foreach (var x in predicted)
        {
            var p = x.Predicted!;
            rows.Add([x.Name, "first failure (s)", Opt(x.FirstFailureSeconds), Opt(p.FirstFailureSeconds)]);
            rows.Add([x.Name, "failed requests", N(x.Requests.Failed), N(p.Requests.Failed)]);
            rows.Add([x.Name, "TIME_WAIT peak", N(x.TimeWait.Peak), N(p.TimeWait.Peak)]);
            rows.Add([x.Name, "achieved / s", D(x.Throughput.AchievedPerSecond), D(p.Throughput.AchievedPerSecond)]);
            if (x.Resilience is { } r && p.Resilience is { } pr)
            {
                rows.Add([x.Name, "attempts (retries included)", N(r.Attempts), N(pr.Attempts)]);
                rows.Add([x.Name, "short-circuited", N(r.ShortCircuited), N(pr.ShortCircuited)]);
            }
        }

        return rows;
    }

    /// <summary>What the prediction is: the settings in force, and the connect() costs each strategy measured where its prediction used them.</summary>
    public static string PredictionNote(RunSummary s) =>
        "The simulator's prediction for the same scenario, on the settings that were in force"
        + string.Concat(s.Strategies.Select(x => x.Predicted?.Calibration is { } c
            ? $"; {x.Name} priced with the connect() costs it measured itself ({c.Describe()})"
            : ""))
        + ".";

    private static string InForce(RunSummary s, Func<HostFacts, string> setting) =>
        string.Join(", ", s.Strategies.Select(x => setting(x.Host)).Distinct().DefaultIfEmpty(setting(s.Host)));

    /// <summary>The thresholds, one row each with the figure and the verdict; empty when the scenario has none.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Thresholds(RunSummary s) =>
        s.Thresholds.Count == 0
            ? []
            : [["threshold", "value", "result"], .. s.Thresholds.Select(t => (IReadOnlyList<string>)[t.Bound, t.Value is { } v ? D(v) : "no value", t.Passed ? "passed" : "FAILED"])];

    private static string FailureName(FailureKind? kind) => kind is { } k ? Names.Failures[k] : "";

    private static string Opt(double? value) => value is { } v ? D(v) : "-";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string D(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";
}
