using System.Globalization;

namespace PortLoad.Charts;

/// <summary>Axis ticks on 1-2-5 steps, and labels with SI suffixes (10k, 1.5M), always in the invariant culture.</summary>
public static class Ticks
{
    /// <summary>Axes spanning this many seconds or more are labelled in minutes.</summary>
    private const double MinutesFrom = 300;

    /// <summary>Evenly spaced "nice" ticks covering [min, max], at most about <paramref name="maxTicks"/> of them.</summary>
    public static IReadOnlyList<double> Nice(double min, double max, int maxTicks)
    {
        if (!(max > min))
        {
            max = min + 1;
        }

        var step = NiceStep((max - min) / Math.Max(1, maxTicks - 1));
        var first = Math.Ceiling((min / step) - 1e-9) * step;
        var ticks = new List<double>();
        for (var t = first; t <= max + (step * 1e-9); t += step)
        {
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }

        return ticks;
    }

    /// <summary>Ticks for a time axis in seconds: on nice numbers of minutes once labels are in minutes.</summary>
    public static IReadOnlyList<double> NiceTime(double min, double max, int maxTicks) =>
        max - min >= MinutesFrom ? Nice(min / 60, max / 60, maxTicks).Select(t => t * 60).ToList() : Nice(min, max, maxTicks);

    /// <summary>The smallest of 1, 2, 5 x 10^n that is at least <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var factor in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (factor * magnitude >= rough * (1 - 1e-9))
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    /// <summary>A number as an axis label: 0.5, 250, 1.5k, 10k, 2.5M.</summary>
    public static string Si(double value)
    {
        var abs = Math.Abs(value);
        var (scaled, suffix) = abs >= 1e9 ? (value / 1e9, "G") : abs >= 1e6 ? (value / 1e6, "M") : abs >= 1e4 ? (value / 1e3, "k") : (value, "");
        return scaled.ToString("0.##", CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>Seconds as an axis label: "45s" on short axes, "2.5m" once the axis spans minutes.</summary>
    public static string Time(double seconds, double span) =>
        span >= MinutesFrom ? (seconds / 60).ToString("0.##", CultureInfo.InvariantCulture) + "m" : seconds.ToString("0.##", CultureInfo.InvariantCulture) + "s";
}
