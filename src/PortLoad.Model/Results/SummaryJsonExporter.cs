using System.Text.Json;

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

    /// <summary>A value no run writes (a range below port 1, a negative count): a tampered file, said as such; null when none.</summary>
    private static string? OutOfDomain(RunSummary summary)
    {
        static string? Range(string path, PortRange r) =>
            r.Low is >= 1 and <= 65535 && r.High is >= 1 and <= 65535 && r.Low <= r.High ? null
            : Invariant.Format($"{path}: [{r.Low}, {r.High}] is not a port range (1 to 65535, low first)");
        static string? Count(string path, long value) => value >= 0 ? null : Invariant.Format($"{path}: {value} must not be negative");

        IEnumerable<string?> Problems()
        {
            yield return Range("$.host.ephemeralPortRange", summary.Host.EphemeralPortRange);
            for (var i = 0; i < summary.Strategies.Count; i++)
            {
                var s = summary.Strategies[i];
                var at = Invariant.Format($"$.strategies[{i}]");
                yield return Range($"{at}.host.ephemeralPortRange", s.Host.EphemeralPortRange);
                yield return Count($"{at}.portSpace", s.PortSpace);
                yield return Count($"{at}.requests.attempted", s.Requests.Attempted);
                yield return Count($"{at}.requests.succeeded", s.Requests.Succeeded);
                yield return Count($"{at}.requests.failed", s.Requests.Failed);
                yield return Count($"{at}.connectionsOpened", s.ConnectionsOpened);
                foreach (var (kind, n) in s.Failures)
                {
                    yield return Count($"{at}.failures.{kind}", n);
                }
            }
        }

        return Problems().FirstOrDefault(p => p is not null);
    }
}
