namespace PortLoad.Scenarios;

/// <summary>The defaults a scenario gets for what it leaves out.</summary>
public static class ScenarioConstants
{
    public const int PayloadBytes = 64;
    public const int PoolSize = 8;
    public const CloseBy CloseBy = Scenarios.CloseBy.Client;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
}
