namespace PortLoad.HostInfo;

/// <summary>RLIMIT_NOFILE as found at start and as raised: what a run that holds many connections reports.</summary>
public sealed record OpenFileLimits(long SoftBefore, long HardBefore, long Soft, long Hard);
