using PortLoad.Scenarios;
using PortLoad.Settings;

namespace PortLoad.Cli.Commands;

/// <summary>Loads settings and a scenario, printing every problem (and returning null) when either is wrong.</summary>
internal static class ScenarioLoading
{
    /// <param name="simulation">True for the simulator: nothing is sent, so the caps on real load do not apply;
    /// null: whichever the file asks for (validate).</param>
    /// <param name="adjust">The command line's changes to the scenario, made before it is validated.</param>
    public static (PortLoadSettings Settings, Scenario Scenario)? Load(string file, TextWriter errors, bool? simulation = false, Func<Scenario, Scenario>? adjust = null)
    {
        try
        {
            var settings = SettingsLoader.Load();
            var json = ScenarioParser.ReadFile(file);
            simulation ??= ScenarioParser.WantsSimulation(json);
            var limits = simulation.Value ? ScenarioLimits.Simulation : settings.Limits;
            return (settings, new ScenarioParser(limits).Parse(json, file, adjust));
        }
        catch (ScenarioException e)
        {
            errors.WriteLine(e.Message);
            return null;
        }
    }
}
