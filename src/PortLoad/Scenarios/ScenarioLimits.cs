namespace PortLoad.Scenarios;

/// <summary>Safety caps a scenario must stay within; they come from appsettings.json.</summary>
public sealed record ScenarioLimits
{
    public double MaxRate { get; init; } = 50_000;

    public TimeSpan MaxRunDuration { get; init; } = TimeSpan.FromMinutes(10);

    public int MaxConcurrency { get; init; } = 4_096;

    public bool AllowRemoteTargets { get; init; }
}
