using System.Globalization;
using Microsoft.Extensions.Configuration;
using PortLoad.Scenarios;

namespace PortLoad.Settings;

/// <summary>
/// Reads the "PortLoad" section of appsettings.json, overridden by environment variables such as
/// <c>PORTLOAD__MAXRATE=1000</c>. Every bad value is reported together, naming the key.
/// </summary>
public static class SettingsLoader
{
    public const string FileName = "appsettings.json";
    private const string Section = "PortLoad";

    /// <summary>Looks for appsettings.json in the working folder, then beside the program.</summary>
    public static PortLoadSettings Load(IEnumerable<string>? searchFolders = null, IDictionary<string, string?>? overrides = null)
    {
        var folders = searchFolders ?? [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
        var file = folders.Select(f => Path.Combine(f, FileName)).FirstOrDefault(File.Exists);
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            builder.AddJsonFile(file, optional: false);
        }

        builder.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return Read(builder.Build().GetSection(Section), file ?? FileName);
    }

    public static readonly TimeSpan MaxRunDurationCap = TimeSpan.FromDays(1);
    public const double MaxRateCap = 1_000_000;
    public const int MaxCountCap = 1_000_000;
    public const int MaxSocketThreads = 64;

    private static PortLoadSettings Read(IConfigurationSection section, string file)
    {
        var errors = new ValidationErrors(file);
        var defaults = new PortLoadSettings();
        var limits = defaults.Limits;
        string Key(string key) => $"{Section}:{key}";

        TimeSpan Duration(string key, TimeSpan fallback)
        {
            var text = section[key];
            if (text is null)
            {
                return fallback;
            }

            if (PortLoad.Duration.TryParse(text, out var value))
            {
                return value;
            }

            errors.Add(Key(key), $"\"{text}\" is not a duration; write {PortLoad.Duration.Allowed}");
            return fallback;
        }

        double Number(string key, double fallback)
        {
            var text = section[key];
            if (text is null)
            {
                return fallback;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            errors.Add(Key(key), $"\"{text}\" must be a number");
            return fallback;
        }

        // A count: a whole number within its bounds, checked here so the cast to int can never wrap.
        int Count(string key, int fallback, int max)
        {
            var value = Number(key, fallback);
            if (value != Math.Floor(value) || value < 1 || value > max)
            {
                errors.Add(Key(key), $"\"{section[key]}\" must be a whole number from 1 to {max.ToString(CultureInfo.InvariantCulture)}");
                return fallback;
            }

            return (int)value;
        }

        bool Flag(string key, bool fallback)
        {
            var text = section[key];
            if (text is null)
            {
                return fallback;
            }

            if (bool.TryParse(text, out var value))
            {
                return value;
            }

            errors.Add(Key(key), $"\"{text}\" must be true or false");
            return fallback;
        }

        var settings = new PortLoadSettings
        {
            ResultsDirectory = section["ResultsDirectory"] ?? defaults.ResultsDirectory,
            SamplingInterval = Duration("SamplingInterval", defaults.SamplingInterval),
            MaxInFlight = Count("MaxInFlight", defaults.MaxInFlight, MaxCountCap),
            InlineSocketCompletions = Flag("InlineSocketCompletions", defaults.InlineSocketCompletions),
            EpollSockets = Flag("EpollSockets", defaults.EpollSockets),
            SocketThreads = section["SocketThreads"] is null ? null : Count("SocketThreads", 1, MaxSocketThreads),
            Limits = new ScenarioLimits
            {
                MaxRate = Number("MaxRate", limits.MaxRate),
                MaxRunDuration = Duration("MaxRunDuration", limits.MaxRunDuration),
                MaxConcurrency = Count("MaxConcurrency", limits.MaxConcurrency, MaxCountCap),
                MaxHeldConnections = Count("MaxHeldConnections", limits.MaxHeldConnections, MaxCountCap),
                AllowRemoteTargets = Flag("AllowRemoteTargets", limits.AllowRemoteTargets),
            },
        };

        // The same bounds a scenario's own fields have, checked the same way.
        if (string.IsNullOrWhiteSpace(settings.ResultsDirectory))
        {
            errors.Add(Key("ResultsDirectory"), "is empty; give a folder such as results");
        }

        errors.Between(Key("SamplingInterval"), settings.SamplingInterval, ScenarioValidator.MinSamplingInterval, ScenarioValidator.MaxSamplingInterval);
        errors.Between(Key("MaxRate"), settings.Limits.MaxRate, 0, MaxRateCap, minExclusive: true);
        errors.Between(Key("MaxRunDuration"), settings.Limits.MaxRunDuration, TimeSpan.Zero, MaxRunDurationCap);
        return errors.All.Count > 0 ? throw new ScenarioException(errors.All) : settings;
    }
}
