using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using PortLoad.Scenarios;

namespace PortLoad.Cli.Commands;

/// <summary>
/// Options whose values are checked by the parser itself, as typed values: a bad one is a parse error (exit 2,
/// with the option, the value and what is allowed), never a check by hand after parsing.
/// </summary>
internal static class CliOptions
{
    /// <summary>The furthest ahead a --start-at may be: a start further off is a typo, not a plan.</summary>
    public static readonly TimeSpan MaxStartAhead = TimeSpan.FromDays(1);

    /// <summary>--start-at: ISO 8601 UTC or Unix seconds, at most <see cref="MaxStartAhead"/> ahead.</summary>
    public static Option<DateTimeOffset?> StartAt(string description) => new("--start-at")
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (StartTime.Parse(text) is not { } at)
            {
                result.AddError($"--start-at takes a UTC time, ISO 8601 (2026-12-02T10:00:00Z) or Unix seconds (got \"{text}\")");
                return null;
            }

            if (at - TimeProvider.System.GetUtcNow() > MaxStartAhead)
            {
                result.AddError($"--start-at {at.UtcDateTime:O} is more than {PortLoad.Duration.Format(MaxStartAhead)} ahead (got \"{text}\")");
                return null;
            }

            return at;
        },
    };

    /// <summary>--segment i/N.</summary>
    public static Option<Segment?> Segment(string description) => new("--segment")
    {
        Description = description,
        CustomParser = result =>
        {
            var segment = Scenarios.Segment.Parse(result.Tokens.Single().Value, out var error);
            if (segment is null)
            {
                result.AddError(error!);
            }

            return segment;
        },
    };

    /// <summary>A duration such as 10m, from <paramref name="min"/> (default 0) to <paramref name="max"/>.</summary>
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue, TimeSpan max, TimeSpan min = default) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (PortLoad.Duration.TryParse(text, out var value) && value >= min && value <= max)
            {
                return value;
            }

            var range = min > TimeSpan.Zero ? $"from {PortLoad.Duration.Format(min)} to {PortLoad.Duration.Format(max)}" : $"up to {PortLoad.Duration.Format(max)}";
            result.AddError($"{name} takes a duration {range}, e.g. {PortLoad.Duration.Format(defaultValue)} (got \"{text}\")");
            return defaultValue;
        },
    };

    /// <summary>HOST:PORT, such as 127.0.0.1:9464, the port 1 to 65535.</summary>
    public static Option<(string Host, int Port)?> Endpoint(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            var colon = text.LastIndexOf(':');
            if (colon > 0 && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
            {
                return (text[..colon], port);
            }

            result.AddError($"{name}: \"{text}\" is not HOST:PORT, e.g. 127.0.0.1:9464");
            return null;
        },
    };

    /// <summary>A TCP port, 1 to 65535.</summary>
    public static Option<int> Port(string name, string description, int defaultValue) => Between(new Option<int>(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    }, 1, 65535);

    /// <summary>Parses the option's value itself: a number in [<paramref name="min"/>, <paramref name="max"/>], else a parse error naming both.</summary>
    public static Option<T> Between<T>(Option<T> option, T min, T max)
        where T : struct, IComparable<T>, IParsable<T>
    {
        option.CustomParser = result => Parse(result, option.Name, min, max) ?? default;
        return option;
    }

    /// <summary><see cref="Between{T}(Option{T}, T, T)"/> for an option that may be left out.</summary>
    public static Option<T?> Between<T>(Option<T?> option, T min, T max)
        where T : struct, IComparable<T>, IParsable<T>
    {
        option.CustomParser = result => Parse(result, option.Name, min, max);
        return option;
    }

    /// <summary>A text option whose value <paramref name="problem"/> checks (null: fine), else a parse error naming the option.</summary>
    public static Option<T> Checked<T>(Option<T> option, Func<string, string?> problem)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && problem(result.Tokens[^1].Value) is { } what)
            {
                result.AddError($"{option.Name}: {what}");
            }
        });
        return option;
    }

    /// <summary>
    /// <paramref name="option"/> cannot be given with any of <paramref name="others"/>: <paramref name="error"/>. Checked as the
    /// option's own validation, not the command's: System.CommandLine checks no option once a command validator has
    /// failed, so every other bad option would go unreported. By presence, not value (a refused value would throw). Best
    /// on an option without a parser of its own: a validator's error stands in for the option's parse error.
    /// </summary>
    public static Option<T> Excludes<T>(Option<T> option, string error, params Option[] others)
    {
        option.Validators.Add(result =>
        {
            if (others.Any(o => result.GetResult(o) is { Implicit: false }))
            {
                result.AddError(error);
            }
        });
        return option;
    }

    private static T? Parse<T>(ArgumentResult result, string name, T min, T max)
        where T : struct, IComparable<T>, IParsable<T>
    {
        var text = result.Tokens.Single().Value;
        if (T.TryParse(text, CultureInfo.InvariantCulture, out var value) && value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0)
        {
            return value;
        }

        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} takes {min} to {max} (got \"{text}\")"));
        return null;
    }
}
