using System.Globalization;

namespace PortLoad.Scenarios;

/// <summary>The list the validators add to, with the checks they share: each message names the value and what is allowed.</summary>
internal sealed class ValidationErrors(string file)
{
    private readonly List<ScenarioError> _errors = [];

    public IReadOnlyList<ScenarioError> All => _errors;

    public void Add(string path, string message) => _errors.Add(new ScenarioError(file, path, message));

    /// <summary>A number from <paramref name="min"/> (excluded when <paramref name="minExclusive"/>) to <paramref name="max"/>.</summary>
    public void Between(string path, double? value, double min, double max, bool minExclusive = false, string? maxReason = null)
    {
        if (value is not { } v)
        {
            return;
        }

        var shown = v.ToString(CultureInfo.InvariantCulture);
        if (double.IsNaN(v) || (minExclusive ? v <= min : v < min))
        {
            Add(path, $"{shown} must be {(minExclusive ? ">" : ">=")} {min.ToString(CultureInfo.InvariantCulture)}");
        }
        else if (v > max)
        {
            Add(path, $"{shown} must be <= {max.ToString(CultureInfo.InvariantCulture)}{Reason(maxReason)}");
        }
    }

    /// <summary>A duration longer than <paramref name="min"/> (than 0 when it is zero) and at most <paramref name="max"/>.</summary>
    public void Between(string path, TimeSpan? value, TimeSpan min, TimeSpan max, string? maxReason = null)
    {
        if (value is not { } v)
        {
            return;
        }

        var shown = v == TimeSpan.MaxValue ? "a duration too long to count" : $"\"{Duration.Format(v)}\"";
        if (v < min || (min == TimeSpan.Zero && v <= TimeSpan.Zero))
        {
            Add(path, $"{shown} must be longer than {(min == TimeSpan.Zero ? "0" : Duration.Format(min))}");
        }
        else if (v > max)
        {
            Add(path, $"{shown} must be at most {Duration.Format(max)}{Reason(maxReason)}");
        }
    }

    /// <summary>An ephemeral port range a kernel accepts.</summary>
    public void Range(string path, PortRange? range)
    {
        if (range is { } r && (r.Low < 1024 || r.High > 65535 || r.Low > r.High))
        {
            Add(path, $"[{r.Low}, {r.High}] must satisfy 1024 <= low <= high <= 65535");
        }
    }

    /// <summary>tcp_tw_reuse: 0 off, 1 on, 2 loopback only.</summary>
    public void TcpTwReuse(string path, int? value) => Between(path, value, 0, 2);

    /// <summary>A name as JSON writes it, so a newline or other control character shows as what it is.</summary>
    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Reason(string? reason) => reason is null ? "" : $" ({reason})";
}
