using System.Text.Json;
using PortLoad.Scenarios;

namespace PortLoad.Results;

/// <summary>summary.json: the run's figures, one entry per strategy.</summary>
public sealed class SummaryJsonExporter : ITextResultExporter
{
    public string FileName => "summary.json";

    public void Write(ScenarioRun run, TextWriter writer)
    {
        writer.Write(JsonSerializer.Serialize(run.Summary, ResultJson.Options));
        writer.Write('\n');
    }

    /// <summary>A summary.json read back; a problem in it names the file as well as the JSON path (two inputs, one culprit).</summary>
    public static RunSummary Read(string path)
    {
        try
        {
            var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), ResultJson.Options)
                ?? throw new InvalidDataException($"{path}: empty summary");
            return OutOfDomain(summary) is { } problem ? throw new InvalidDataException($"{path}: {problem}") : summary;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The largest count a run can write: 2^53, the largest whole number every JSON reader keeps exactly. Merging
    /// at most <see cref="MaxMergedFolders"/> folders of such counts stays within a 64-bit count.
    /// </summary>
    public const long MaxCount = 1L << 53;

    /// <summary>The most results folders one merge adds up.</summary>
    public const int MaxMergedFolders = 1000;

    /// <summary>A value no run writes (a range below port 1, a negative count, a nameless strategy): a tampered file, said as such; null when none.</summary>
    private static string? OutOfDomain(RunSummary summary)
    {
        static string? Range(string path, PortRange r) =>
            r.Low is >= 1 and <= 65535 && r.High is >= 1 and <= 65535 && r.Low <= r.High ? null
            : Invariant.Format($"{path}: [{r.Low}, {r.High}] is not a port range (1 to 65535, low first)");
        static string? Count(string path, long value) => CountProblem(path, value);
        static string? Figure(string path, double? value) => value is not { } v || (double.IsFinite(v) && v >= 0) ? null
            : Invariant.Format($"{path}: {v} must be a finite number, 0 or more");

        IEnumerable<string?> Problems()
        {
            // 0: not recorded (a summary from before the field).
            yield return summary.SamplingIntervalSeconds is >= 0 and <= 86400 ? null
                : Invariant.Format($"$.samplingIntervalSeconds: {summary.SamplingIntervalSeconds} must be from 0 to a day");
            yield return Range("$.host.ephemeralPortRange", summary.Host.EphemeralPortRange);
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < summary.Strategies.Count; i++)
            {
                var s = summary.Strategies[i];
                var at = Invariant.Format($"$.strategies[{i}]");
                yield return Names.IsSafe(s.Name) ? null : $"{at}.name: \"{s.Name}\" must be 1-64 letters, digits, '.', '_' or '-' (it names files)";
                yield return names.Add(s.Name) ? null : $"{at}.name: \"{s.Name}\" names two strategies";
                yield return Range($"{at}.host.ephemeralPortRange", s.Host.EphemeralPortRange);
                yield return Count($"{at}.portSpace", s.PortSpace);
                yield return Count($"{at}.requests.attempted", s.Requests.Attempted);
                yield return Count($"{at}.requests.succeeded", s.Requests.Succeeded);
                yield return Count($"{at}.requests.failed", s.Requests.Failed);
                yield return Count($"{at}.connectionsOpened", s.ConnectionsOpened);
                yield return Count($"{at}.timeWait.peak", s.TimeWait.Peak);
                yield return Count($"{at}.timeWait.final", s.TimeWait.Final);
                yield return Count($"{at}.timeWait.others", s.TimeWait.Others);
                yield return Count($"{at}.establishedPeak", s.EstablishedPeak);
                yield return Figure($"{at}.durationSeconds", s.DurationSeconds);
                yield return Figure($"{at}.throughput.offeredPerSecond", s.Throughput.OfferedPerSecond);
                yield return Figure($"{at}.throughput.achievedPerSecond", s.Throughput.AchievedPerSecond);
                yield return Figure($"{at}.latencyMs.p50", s.LatencyMs.P50);
                yield return Figure($"{at}.latencyMs.p90", s.LatencyMs.P90);
                yield return Figure($"{at}.latencyMs.p99", s.LatencyMs.P99);
                yield return Figure($"{at}.latencyMs.max", s.LatencyMs.Max);
                foreach (var (kind, n) in s.Failures)
                {
                    yield return Count($"{at}.failures.{kind}", n);
                }
            }
        }

        return Problems().FirstOrDefault(p => p is not null);
    }

    /// <summary>Null when <paramref name="value"/> is a count a run can write (0 to <see cref="MaxCount"/>), else what is wrong with it.</summary>
    public static string? CountProblem(string path, long value) => value is >= 0 and <= MaxCount ? null
        : Invariant.Format($"{path}: {value} is no count a run writes (0 to 2^53)");
}
