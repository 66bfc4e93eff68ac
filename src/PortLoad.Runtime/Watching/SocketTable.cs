using PortLoad.Sampling;

namespace PortLoad.Watching;

/// <summary>One destination's client sockets at one moment.</summary>
public sealed class DestinationSockets
{
    public long Established { get; set; }

    public long TimeWait { get; set; }

    /// <summary>Opening or closing (SYN_SENT, FIN_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING): ports held all the same.</summary>
    public long Other { get; set; }

    public long InUse => Established + TimeWait + Other;

    private readonly long[] _ports = new long[65536 / 64];

    /// <summary>Records a local port held (a bit a port: a port not there last time is a new connection).</summary>
    public void AddPort(int port) => _ports[port >> 6] |= 1L << (port & 63);

    /// <summary>Records a client socket: its local port, counted by its state.</summary>
    public void Add(int port, TcpState state)
    {
        AddPort(port);
        switch (state)
        {
            case TcpState.Established:
                Established++;
                break;
            case TcpState.TimeWait:
                TimeWait++;
                break;
            default:
                Other++;
                break;
        }
    }

    /// <summary>Records the ports <paramref name="other"/> holds too (a port held towards several destinations counts once).</summary>
    public void AddPorts(DestinationSockets other)
    {
        for (var i = 0; i < _ports.Length; i++)
        {
            _ports[i] |= other._ports[i];
        }
    }

    /// <summary>Ports held now that <paramref name="before"/> did not hold; all of them when there was no before.</summary>
    public long NewSince(DestinationSockets? before)
    {
        long count = 0;
        for (var i = 0; i < _ports.Length; i++)
        {
            count += long.PopCount(_ports[i] & ~(before?._ports[i] ?? 0));
        }

        return count;
    }

    /// <summary>Inodes of live sockets (TIME_WAIT has none), to find the process holding them.</summary>
    public List<uint> Inodes { get; } = [];
}

/// <summary>
/// The client side of every TCP socket in a namespace, by destination, from one sock_diag dump. A socket
/// whose local port is a listener's is a server's and is left out: what runs out is the clients' ports.
/// </summary>
public static class SocketTable
{
    public static Dictionary<DestinationKey, DestinationSockets> Take(NetlinkSocketCounter counter)
    {
        var listening = new HashSet<int>();
        counter.ForEachSocket((in SocketRecord s) => listening.Add(s.LocalPort), listenersOnly: true);

        var table = new Dictionary<DestinationKey, DestinationSockets>();
        DestinationKey lastKey = default;
        DestinationSockets? last = null;
        counter.ForEachSocket((in SocketRecord s) =>
        {
            if (!IsClient(s.State, s.LocalPort, listening))
            {
                return;
            }

            // Sockets to one destination mostly come in a row: look the table up only when it changes.
            var key = DestinationKey.From(s.Family, s.LocalAddress, s.RemoteAddress, s.RemotePort);
            if (last is null || key != lastKey)
            {
                if (!table.TryGetValue(key, out last))
                {
                    table[key] = last = new DestinationSockets();
                }

                lastKey = key;
            }

            last.Add(s.LocalPort, s.State);
            if (s.Inode != 0)
            {
                last.Inodes.Add(s.Inode);
            }
        });

        return table;
    }

    /// <summary>Whether a socket is a client's end that holds a port: not closed, not half-accepted, not on a listener's port.</summary>
    public static bool IsClient(TcpState state, int localPort, HashSet<int> listening) =>
        state is not (TcpState.Close or TcpState.SynRecv or TcpState.Listen) && !listening.Contains(localPort);
}
