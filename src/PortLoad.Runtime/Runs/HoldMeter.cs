using System.Globalization;
using System.Net;
using PortLoad.Connections;
using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Results;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Server;

namespace PortLoad.Runs;

/// <summary>
/// Measures a strategy's hold phases around its <see cref="ConnectionHolder"/>: memory before the load and just
/// before the connections are released (when most are held), and the server's census, into <see cref="HeldConnections"/>.
/// </summary>
/// <param name="sharedKernel">Other processes hold connections in the same kernel at the same time (segments in one namespace).</param>
internal sealed class HoldMeter(ConnectionHolder holder, ConnectionCensus? census, IPEndPoint destination, long asked, bool sharedKernel)
{
    private readonly long? _processBefore = ProcessMemory.ResidentBytes();
    private readonly long? _kernelBefore = SockStat.TcpMemoryBytes();
    private readonly long? _slabBefore = ProcessMemory.KernelSlabBytes();
    private long? _processHeld;
    private long? _kernelHeld;
    private long? _slabHeld;
    private long _heldAtMeasure;

    /// <summary>The asked-for connections of the scenario's largest hold phase; 0: it has none.</summary>
    public static long Asked(Scenario scenario) => scenario.Load.OfType<HoldPhase>().Select(h => (long)h.Connections).DefaultIfEmpty(0).Max();

    /// <summary>Opens through the holder; releases after taking the memory figures while the connections are all held.</summary>
    public Holding Holding => new(holder.OpenAsync, holder.SettledAsync, async () =>
    {
        var held = holder.PeakHeld;
        if (held > _heldAtMeasure)
        {
            _heldAtMeasure = held;
            _processHeld = ProcessMemory.ResidentBytes();
            _kernelHeld = SockStat.TcpMemoryBytes();
            _slabHeld = ProcessMemory.KernelSlabBytes();
        }

        await holder.ReleaseAllAsync().ConfigureAwait(false);
    });

    public HeldConnections Result(SettingsInForce inForce) => new(
        asked,
        holder.PeakHeld,
        destination.ToString(),
        inForce.Range.Size,
        inForce.SourceAddresses,
        holder.OpeningTook?.TotalSeconds,
        PerConnection(_processBefore, _processHeld),
        PerConnection(_kernelBefore, _kernelHeld))
    {
        Server = census is null ? null : Census(census),
        OpenFiles = OpenFileLimit.Raised,
        KernelSlabBytesPerConnection = PerConnection(_slabBefore, _slabHeld),
        SharedKernel = sharedKernel,
        Somaxconn = census is null ? null : ReadSomaxconn(),
        Backlog = census is null ? null : EchoServer.Backlog,
    };

    /// <summary>Memory grows for other reasons too (code compiled, buffers pooled): per connection only over many.</summary>
    private const int FewestForMemory = 1000;

    /// <summary>The server's count of its clients, as results report it.</summary>
    public static ServerCensus Census(ConnectionCensus census) => new(census.Accepted, census.PeakOpen, census.DistinctClients, census.SourceAddresses);

    private double? PerConnection(long? before, long? at) =>
        before is { } b && at is { } a && _heldAtMeasure >= FewestForMemory ? Math.Max(0, a - b) / (double)_heldAtMeasure : null;

    private static int? ReadSomaxconn()
    {
        try
        {
            return int.TryParse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
