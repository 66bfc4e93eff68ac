namespace PortLoad.Sampling;

/// <summary>Picks the cheapest socket counter this system allows.</summary>
public static class SocketCounters
{
    public static ISocketStateCounter Create()
    {
        if (NetlinkSocketCounter.TryCreate() is { } netlink)
        {
            return netlink;
        }

        return OperatingSystem.IsLinux() ? new ProcNetTcpCounter() : new IpGlobalPropertiesCounter();
    }
}
