using System.Globalization;
using Spectre.Console;

namespace PortLoad.Cli.Commands;

/// <summary>--start-at: the moment segments begin their load together, on every machine's clock.</summary>
internal static class StartTime
{
    /// <summary>ISO 8601 with an offset (or Z), or Unix seconds; null when it is neither.</summary>
    public static DateTimeOffset? Parse(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 1e11)
        {
            return DateTimeOffset.UnixEpoch.AddSeconds(seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
    }

    /// <summary>Waits until <paramref name="at"/>; false when stopped first. A time already past starts at once, saying by how much.</summary>
    public static async Task<bool> WaitAsync(IAnsiConsole console, TimeProvider time, DateTimeOffset at, CancellationToken stop)
    {
        var wait = at - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            console.MarkupLineInterpolated($"[yellow]--start-at {at:O} was {Duration.Format(-wait)} ago: starting now[/]");
            return true;
        }

        console.MarkupLineInterpolated($"starting the load at {at:O}, in {Duration.Format(wait)}");
        try
        {
            await Task.Delay(wait, time, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
