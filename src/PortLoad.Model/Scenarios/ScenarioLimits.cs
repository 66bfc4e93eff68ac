namespace PortLoad.Scenarios;

/// <summary>Safety caps a scenario must stay within; they come from appsettings.json.</summary>
public sealed record ScenarioLimits
{
    public double MaxRate { get; init; } = 50_000;

    public TimeSpan MaxRunDuration { get; init; } = TimeSpan.FromMinutes(10);

    public int MaxConcurrency { get; init; } = 4_096;

    /// <summary>The most connections a hold phase may hold open at once.</summary>
    public int MaxHeldConnections { get; init; } = 250_000;

    public bool AllowRemoteTargets { get; init; }

    /// <summary>The most instances of <c>network.instances</c>: a measured run builds a namespace for each.</summary>
    public int MaxInstances { get; init; } = MeasuredInstances;

    /// <summary>Instances a measured run may build (a client namespace each, behind one router).</summary>
    public const int MeasuredInstances = 16;

    /// <summary>Instances the simulator takes: a fleet behind one NAT.</summary>
    public const int SimulatedInstances = 10_000;

    /// <summary>True for the simulator, which alone reads the "simulation" block.</summary>
    public bool ForSimulation { get; init; }

    /// <summary>The simulator sends nothing: a day at a million connections per second is just arithmetic.</summary>
    public static ScenarioLimits Simulation { get; } = new()
    {
        MaxRate = 1_000_000,
        MaxRunDuration = TimeSpan.FromDays(7),
        MaxConcurrency = 1_000_000,
        MaxHeldConnections = 10_000_000,
        AllowRemoteTargets = true,
        MaxInstances = SimulatedInstances,
        ForSimulation = true,
    };
}
