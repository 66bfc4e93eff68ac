using System.Collections.Concurrent;
using System.Net;

namespace PortLoad.Server;

/// <summary>
/// What the embedded server saw of its clients: connections accepted, open now and at most at once, and the
/// distinct client (address, port) pairs and addresses among them. A connection is a 4-tuple: one server port
/// holds far more than 65,535 connections when the clients bring several addresses, and this is where it shows.
/// Pairs are bounded by addresses x 65,536 however long a run churns.
/// </summary>
public sealed class ConnectionCensus
{
    private readonly ConcurrentDictionary<(IPAddress Address, int Port), byte> _pairs = new();
    private readonly ConcurrentDictionary<IPAddress, byte> _addresses = new();
    private long _accepted;
    private long _open;
    private long _peak;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Open => Interlocked.Read(ref _open);

    /// <summary>The most connections open at once.</summary>
    public long PeakOpen => Interlocked.Read(ref _peak);

    public long DistinctClients => _pairs.Count;

    public int SourceAddresses => _addresses.Count;

    public void OnAccepted(EndPoint? remote)
    {
        Interlocked.Increment(ref _accepted);
        AtomicMax.Raise(ref _peak, Interlocked.Increment(ref _open));

        if (remote is IPEndPoint client)
        {
            _pairs.TryAdd((client.Address, client.Port), 0);
            _addresses.TryAdd(client.Address, 0);
        }
    }

    public void OnClosed() => Interlocked.Decrement(ref _open);
}
