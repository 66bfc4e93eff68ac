using System.Text.Json;

namespace PortLoad.Scenarios;

/// <summary>
/// Turns a scenario file into a validated <see cref="Scenario"/>: <see cref="ScenarioReader"/> reads the JSON
/// into records (unknown fields, wrong types), then <see cref="ScenarioValidator"/> checks the records
/// (values, bounds, rules between fields), and every problem of both is reported together.
/// </summary>
public sealed class ScenarioParser(ScenarioLimits limits)
{
    internal static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>A scenario is a few kilobytes; anything this large is the wrong file (or /dev/zero).</summary>
    public const int MaxFileBytes = 1 << 20;

    public Scenario ParseFile(string path) => Parse(ReadFile(path), path);

    /// <summary>The text of a scenario file, read only up to <see cref="MaxFileBytes"/>; a <see cref="ScenarioException"/> says what is wrong.</summary>
    public static string ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ScenarioException([new ScenarioError(path, "", "is a folder, not a scenario file")]);
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            var buffer = new byte[MaxFileBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxFileBytes)
            {
                throw new ScenarioException([new ScenarioError(path, "", $"is larger than {MaxFileBytes / 1024} KiB; a scenario file is a few KB of JSON")]);
            }

            return new System.Text.UTF8Encoding(false).GetString(buffer, 0, length).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message;
            throw new ScenarioException([new ScenarioError(path, "", why)]);
        }
    }

    /// <param name="adjust">Changes made before the scenario is judged (a command line's --parallel, --segment), so
    /// the validator's rules hold for the scenario that runs, not only for the file.</param>
    public Scenario Parse(string json, string file, Func<Scenario, Scenario>? adjust = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            // JsonException counts lines and bytes from 0; editors count from 1.
            var where = $"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}";
            throw new ScenarioException([new ScenarioError(file, "", $"invalid JSON at {where}: {FirstSentence(e.Message)}")]);
        }

        using (document)
        {
            var reader = new JsonFieldReader(file);
            var scenario = ScenarioReader.Read(reader, document.RootElement, file);
            if (scenario is null)
            {
                throw new ScenarioException(reader.Errors);
            }

            scenario = adjust?.Invoke(scenario) ?? scenario;
            // One problem per place: what the reader could not read, the validator does not judge again.
            var judged = ScenarioValidator.Errors(scenario, limits).Where(v => !reader.Errors.Any(r => Related(v.Path, r.Path)));
            var errors = reader.Errors.Concat(judged).ToList();
            return errors.Count > 0 ? throw new ScenarioException(errors) : scenario;
        }
    }

    /// <summary>Whether a scenario file asks for the simulator (has a "simulation" block), so it is checked against the simulator's limits.</summary>
    public static bool WantsSimulation(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("simulation", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The same place, or one inside the other ("load" and "load[0].inject.rate").</summary>
    private static bool Related(string a, string b) => a == b || Inside(a, b) || (a.Length > 0 && Inside(b, a));

    private static bool Inside(string inner, string outer) =>
        inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal) && inner[outer.Length] is '.' or '[';

    // System.Text.Json appends its own (0-based) position; ours is already in the message.
    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd();
    }
}
