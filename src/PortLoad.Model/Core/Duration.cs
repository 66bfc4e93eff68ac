using System.Globalization;

namespace PortLoad;

/// <summary>Durations as scenario files write them: "500ms", "10s", "2m", "1h", "1.5s".</summary>
public static class Duration
{
    public const string Allowed = "a number followed by ms, s, m or h, e.g. \"500ms\", \"10s\", \"2m\"";

    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        foreach (var (suffix, seconds) in Units)
        {
            if (!trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var number = trimmed[..^suffix.Length];
            // "10ms" also ends in "s": only accept when what precedes the suffix is a plain number.
            if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                && double.IsFinite(n))
            {
                // Beyond TimeSpan's range is still a duration, just longer than any limit: the validator says so.
                var total = n * seconds;
                value = total >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(total);
                return true;
            }
        }

        return false;
    }

    public static string Format(TimeSpan value)
    {
        if (value.TotalSeconds < 1 && value > TimeSpan.Zero)
        {
            return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        return value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
    }
}
