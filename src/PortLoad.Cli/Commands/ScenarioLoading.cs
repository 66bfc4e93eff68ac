using PortLoad.Scenarios;
using PortLoad.Settings;

namespace PortLoad.Cli.Commands;

/// <summary>Loads settings and a scenario, printing every problem (and returning null) when either is wrong.</summary>
internal static class ScenarioLoading
{
    public static (PortLoadSettings Settings, Scenario Scenario)? Load(string file, TextWriter errors)
    {
        try
        {
            var settings = SettingsLoader.Load();
            return (settings, new ScenarioParser(settings.Limits).ParseFile(file));
        }
        catch (ScenarioException e)
        {
            errors.WriteLine(e.Message);
            return null;
        }
    }
}
