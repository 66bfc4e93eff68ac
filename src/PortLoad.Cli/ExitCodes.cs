namespace PortLoad.Cli;

/// <summary>What <c>portload</c> exits with; README's "When things go wrong" lists them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;

    /// <summary>Bad input (a scenario, an option, a setting, an output folder): nothing ran.</summary>
    public const int InvalidInput = 2;

    /// <summary>The run went through, and at least one of the scenario's thresholds did not hold.</summary>
    public const int ThresholdsFailed = 3;

    /// <summary>Stopped by SIGHUP (128 + 1), results written and marked incomplete.</summary>
    public const int HungUp = 129;

    /// <summary>Stopped with Ctrl+C (128 + SIGINT), results written and marked incomplete.</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (128 + 15), results written and marked incomplete.</summary>
    public const int Terminated = 143;
}
