using System.Net;
using System.Net.Sockets;

namespace PortLoad.Connections;

/// <summary>
/// Opens client connections to the target the way every sender does: TCP_NODELAY, the next
/// source address round-robin (bound with IP_BIND_ADDRESS_NO_PORT, so the kernel still picks the
/// port at connect time, per 4-tuple), the next destination when there are several (every source with
/// every destination in turn), a count of the connections opened, and the local ports they got.
/// </summary>
/// <param name="destinations">The server's end points, one or more, all of one address family.</param>
/// <param name="own">Where the local end of every connection opened is recorded; null: nowhere.</param>
/// <param name="bindPort">bind(source, 0) picks the port (exclusive; EADDRINUSE when none is left) instead of connect().</param>
/// <param name="fixedPorts">Source ports bound in turn (each connection the next); null: the kernel picks.</param>
/// <param name="reuseAddress">SO_REUSEADDR before binding a fixed port.</param>
public sealed class ClientConnector(IReadOnlyList<IPEndPoint> destinations, IReadOnlyList<IPAddress> sourceAddresses, LocalPorts? own = null, bool bindPort = false, PortRange? fixedPorts = null, bool reuseAddress = false)
{
    private const int SoLevelSocket = 1;
    private const int SoReuseAddr = 2;
    private const int IpBindAddressNoPort = 24;
    private long _opened;
    private long _next = -1;
    private readonly ExhaustedConnectSamples _exhausted = new();

    public long ConnectionsOpened => Interlocked.Read(ref _opened);

    /// <inheritdoc cref="ExhaustedConnectSamples"/>
    public IReadOnlyList<long> ExhaustedConnectCpu => _exhausted.All;

    public async ValueTask<Socket> ConnectAsync(CancellationToken token)
    {
        // One counter for both choices, so every (source, destination) pair takes its turn.
        var turn = (ulong)Interlocked.Increment(ref _next);
        var sources = (ulong)Math.Max(1, sourceAddresses.Count);
        var destination = destinations[(int)(turn / sources % (ulong)destinations.Count)];
        var socket = GatedSocket.Create(destination.AddressFamily);
        try
        {
            socket.NoDelay = true;
            if (sourceAddresses.Count > 0 || bindPort || fixedPorts is not null)
            {
                var source = sourceAddresses.Count == 0
                    ? (destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any)
                    : sourceAddresses[(int)(turn % sources)];
                if (OperatingSystem.IsLinux() && !bindPort && fixedPorts is null)
                {
                    socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpBindAddressNoPort, BitConverter.GetBytes(1));
                }

                if (reuseAddress && OperatingSystem.IsLinux())
                {
                    // SO_REUSEADDR alone (.NET's ReuseAddress also sets SO_REUSEPORT on Linux).
                    socket.SetRawSocketOption(SoLevelSocket, SoReuseAddr, BitConverter.GetBytes(1));
                }

                // Fixed ports in turn, counted apart from the source address's turn so every port is used from every address.
                var port = fixedPorts is { } ports ? ports.Low + (int)(turn / sources % (ulong)ports.Size) : 0;
                if (fixedPorts is not null && OperatingSystem.IsLinux())
                {
                    // A fixed port bound as C clients bind it: SO_REUSEADDR only when asked for.
                    PlainBind.Bind(socket, new IPEndPoint(source, port));
                }
                else
                {
                    socket.Bind(new IPEndPoint(source, port));
                }
            }

            // The port search happens inside the connect() syscall, before ConnectAsync returns.
            var sampled = _exhausted.TimeThisOne();
            var cpuBefore = sampled ? ThreadCpuTime.Nanoseconds() : 0;
            var pending = socket.ConnectAsync(destination, token);
            var cpu = sampled ? ThreadCpuTime.Nanoseconds() - cpuBefore : 0;
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (SocketException e) when (sampled && e.SocketErrorCode == SocketError.AddressNotAvailable)
            {
                _exhausted.Add(cpu);
                throw;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Interlocked.Increment(ref _opened);
        if (own is not null && socket.LocalEndPoint is IPEndPoint local)
        {
            own.Add(local);
        }

        return socket;
    }
}
