namespace PortLoad;

/// <summary>Suggests the allowed name a user most likely meant, for "did you mean" hints.</summary>
public static class NearestName
{
    /// <summary>"did you mean \"x\"? " (with the trailing space) when a name is near enough, else "".</summary>
    public static string Hint(string given, IEnumerable<string> allowed) =>
        Find(given, allowed) is { } near ? $"did you mean \"{near}\"? " : "";

    /// <summary>"\"x\" is not allowed; did you mean \"y\"? allowed: a, b, c": the one message for a name not among <paramref name="allowed"/>.</summary>
    public static string NotAllowed(string given, IReadOnlyCollection<string> allowed, string what = "is not allowed") =>
        $"\"{given}\" {what}; {Hint(given, allowed)}allowed: {string.Join(", ", allowed)}";

    public static string? Find(string given, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var d = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }
        }

        // Beyond a third of the word, a suggestion is more confusing than helpful.
        return best is not null && bestDistance <= Math.Max(2, given.Length / 3) ? best : null;
    }

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
