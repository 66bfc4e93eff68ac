namespace PortLoad.Scenarios;

/// <summary>The names scenario files and results use for enum values.</summary>
public static class Names
{
    public static string Of(ConnectionMode mode) => mode == ConnectionMode.Pooled ? "pooled" : "per-request";

    public static string Of(CloseBy closeBy) => closeBy.ToString().ToLowerInvariant();

    public static string Of(TargetProtocol protocol) => protocol == TargetProtocol.Http ? "http" : "tcp-echo";
}
