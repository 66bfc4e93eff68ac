namespace PortLoad.Scenarios;

/// <summary>Checks the load phases: rates and copies within the caps, durations positive, the whole within the longest run allowed.</summary>
internal static class LoadValidator
{
    /// <param name="strategies">How many strategies run the load one after another (1 when they run at once): the cap is on the whole run.</param>
    public static void Check(ValidationErrors errors, IReadOnlyList<LoadPhase> load, int strategies, ScenarioLimits limits)
    {
        if (load.Count == 0)
        {
            errors.Add("load", "must not be empty");
        }

        for (var i = 0; i < load.Count; i++)
        {
            var path = $"load[{i}].{KindName(load[i])}";
            switch (load[i])
            {
                case InjectPhase p:
                    errors.Between($"{path}.rate", p.Rate, 0, limits.MaxRate, minExclusive: true, maxReason: ScenarioValidator.MaxRateSetting);
                    break;
                case RampInjectPhase p:
                    errors.Between($"{path}.from", p.From, 0, limits.MaxRate, maxReason: ScenarioValidator.MaxRateSetting);
                    errors.Between($"{path}.to", p.To, 0, limits.MaxRate, maxReason: ScenarioValidator.MaxRateSetting);
                    break;
                case KeepConstantPhase p:
                    errors.Between($"{path}.copies", p.Copies, 1, limits.MaxConcurrency, maxReason: ScenarioValidator.MaxConcurrencySetting);
                    break;
                case HoldPhase p:
                    errors.Between($"{path}.connections", p.Connections, 1, limits.MaxHeldConnections, maxReason: ScenarioValidator.MaxHeldConnectionsSetting);
                    errors.Between($"{path}.openRate", p.OpenRate, 0, limits.MaxRate, minExclusive: true, maxReason: ScenarioValidator.MaxRateSetting);
                    break;
            }

            errors.Between($"{path}.during", load[i].During, TimeSpan.Zero, limits.MaxRunDuration);
        }

        // A phase already too long is reported as such, not again as the sum.
        var total = load.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.During.Clamp());
        var run = total * Math.Max(1, strategies);
        if (run > limits.MaxRunDuration && load.All(p => p.During <= limits.MaxRunDuration))
        {
            var whole = strategies > 1 ? $", {Duration.Format(run)} for the {strategies} strategies one after another" : "";
            errors.Add("load", $"phases last {Duration.Format(total)} in all{whole}; the longest run allowed is {Duration.Format(limits.MaxRunDuration)} (appsettings.json PortLoad:MaxRunDuration)");
        }
    }

    /// <summary>The phase's name in a scenario file.</summary>
    public static string KindName(LoadPhase phase) => phase switch
    {
        InjectPhase => "inject",
        RampInjectPhase => "rampInject",
        KeepConstantPhase => "keepConstant",
        HoldPhase => "hold",
        _ => "pause",
    };

    // A sum of huge durations must not overflow before it is compared.
    private static TimeSpan Clamp(this TimeSpan during) => during > TimeSpan.FromDays(3650) ? TimeSpan.FromDays(3650) : during;
}
