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

    private static PortLoadSettings Read(IConfigurationSection section, string file)
    {
        var errors = new List<ScenarioError>();
        var defaults = new PortLoadSettings();
        var limits = defaults.Limits;

        TimeSpan Duration(string key, TimeSpan fallback)
        {
            var text = section[key];
            if (text is null)
            {
                return fallback;
            }

            if (PortLoad.Duration.TryParse(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }

            errors.Add(new ScenarioError(file, $"{Section}:{key}", $"\"{text}\" is not a positive duration; write {PortLoad.Duration.Allowed}"));
            return fallback;
        }

        double Number(string key, double fallback)
        {
            var text = section[key];
            if (text is null)
            {
                return fallback;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }

            errors.Add(new ScenarioError(file, $"{Section}:{key}", $"\"{text}\" must be a number > 0"));
            return fallback;
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

            errors.Add(new ScenarioError(file, $"{Section}:{key}", $"\"{text}\" must be true or false"));
            return fallback;
        }

        var settings = new PortLoadSettings
        {
            ResultsDirectory = section["ResultsDirectory"] ?? defaults.ResultsDirectory,
            SamplingInterval = Duration("SamplingInterval", defaults.SamplingInterval),
            MaxInFlight = (int)Number("MaxInFlight", defaults.MaxInFlight),
            InlineSocketCompletions = Flag("InlineSocketCompletions", defaults.InlineSocketCompletions),
            SocketThreads = section["SocketThreads"] is null ? null : (int)Number("SocketThreads", 1),
            Limits = new ScenarioLimits
            {
                MaxRate = Number("MaxRate", limits.MaxRate),
                MaxRunDuration = Duration("MaxRunDuration", limits.MaxRunDuration),
                MaxConcurrency = (int)Number("MaxConcurrency", limits.MaxConcurrency),
                AllowRemoteTargets = Flag("AllowRemoteTargets", limits.AllowRemoteTargets),
            },
        };

        return errors.Count > 0 ? throw new ScenarioException(errors) : settings;
    }
}
