namespace PortLoad.Scenarios;

/// <summary>Checks the "simulation" block: only the simulator reads it, and its model's figures must make sense.</summary>
internal static class SimulationValidator
{
    public const int MaxTimeWaitSeconds = 3600;
    public static readonly TimeSpan MaxServiceTime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxReleaseAfter = TimeSpan.FromHours(1);
    public const double MaxCost = 1e6;
    public const int MaxNatPorts = 1_000_000;

    public static void Check(ValidationErrors errors, SimulationOptions s, ScenarioLimits limits)
    {
        if (!limits.ForSimulation)
        {
            errors.Add("simulation", "this block is for 'portload simulate' only (an OS, a NAT or costs this machine cannot run); remove it to run the scenario for real, or simulate it");
        }

        errors.Range("simulation.ephemeralPortRange", s.EphemeralPortRange);
        errors.Between("simulation.timeWaitSeconds", s.TimeWaitSeconds, 1, MaxTimeWaitSeconds);
        errors.TcpTwReuse("simulation.tcpTwReuse", s.TcpTwReuse);
        errors.Between("simulation.perProbeNanoseconds", s.PerProbeNanoseconds, 0, MaxCost);
        errors.Between("simulation.failedConnectMicroseconds", s.FailedConnectMicroseconds, 0, MaxCost);
        errors.Between("simulation.connectMicroseconds", s.ConnectMicroseconds, 0, MaxCost);
        errors.Between("simulation.loopConnectMicroseconds", s.LoopConnectMicroseconds, 0, MaxCost);
        errors.Between("simulation.serviceTime", s.ServiceTime, TimeSpan.FromTicks(1), MaxServiceTime);
        errors.Between("simulation.maxTimeWaitBuckets", s.MaxTimeWaitBuckets, 1, int.MaxValue);
        if (s.Nat is { } nat)
        {
            errors.Between("simulation.nat.ports", nat.Ports, 1, MaxNatPorts);
            errors.Between("simulation.nat.releaseAfter", nat.ReleaseAfter, TimeSpan.Zero, MaxReleaseAfter);
        }
    }
}
