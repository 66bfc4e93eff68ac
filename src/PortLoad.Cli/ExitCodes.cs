namespace PortLoad.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int InvalidInput = 2;

    /// <summary>Stopped with Ctrl+C (128 + SIGINT), results written and marked incomplete.</summary>
    public const int Cancelled = 130;
}
