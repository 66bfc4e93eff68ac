using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortLoad.Sampling;

/// <summary>
/// Counts sockets by parsing <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>: simple and always
/// there on Linux, but its cost grows with the socket table.
/// </summary>
public sealed class ProcNetTcpCounter(string procNet = "/proc/net") : ISocketStateCounter
{
    public SocketCounts Count(IPEndPoint destination, LocalPorts? own = null)
    {
        var v4 = Format(destination, mapped: false);
        var v6 = Format(destination, mapped: true);
        var total = default(Tally);
        foreach (var file in new[] { "tcp", "tcp6" })
        {
            var path = Path.Combine(procNet, file);
            if (File.Exists(path))
            {
                total = total.Add(CountLines(File.ReadLines(path).Skip(1), file == "tcp" ? v4 : v6, own));
            }
        }

        return new SocketCounts(total.TimeWait, total.Established, total.TimeWaitAll, total.TimeWaitOthers);
    }

    /// <summary>Counts one table's lines; <paramref name="remote"/> is the destination as the table writes it.</summary>
    /// <param name="own">The strategy's local ports; null: every socket to the destination is its own.</param>
    public static Tally CountLines(IEnumerable<string> lines, string remote, LocalPorts? own = null)
    {
        var tally = default(Tally);
        Span<Range> fields = stackalloc Range[5];
        foreach (var line in lines)
        {
            // "  sl  local_address rem_address   st ..." : fields 1, 2 and 3.
            var span = line.AsSpan().TrimStart();
            if (span.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries) < 4)
            {
                continue;
            }

            if (!int.TryParse(span[fields[3]], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var state))
            {
                continue;
            }

            var isTimeWait = state == (int)TcpState.TimeWait;
            tally.TimeWaitAll += isTimeWait ? 1 : 0;
            if (span[fields[2]].Equals(remote, StringComparison.OrdinalIgnoreCase) && own is not null && !IsOwn(span[fields[1]], own))
            {
                tally.TimeWaitOthers += isTimeWait ? 1 : 0;
            }
            else if (span[fields[2]].Equals(remote, StringComparison.OrdinalIgnoreCase))
            {
                tally.TimeWait += isTimeWait ? 1 : 0;
                tally.Established += state == (int)TcpState.Established ? 1 : 0;
            }
        }

        return tally;
    }

    /// <summary>Whether a local end as the table writes it ("0100007F:9C41") is one of the strategy's.</summary>
    private static bool IsOwn(ReadOnlySpan<char> local, LocalPorts own)
    {
        var colon = local.IndexOf(':');
        if (colon is not (8 or 32) || !int.TryParse(local[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
        {
            return false;
        }

        Span<byte> address = stackalloc byte[16];
        for (var word = 0; word < colon / 8; word++)
        {
            if (!uint.TryParse(local.Slice(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            BitConverter.TryWriteBytes(address[(word * 4)..], value);
        }

        return own.Contains(address[..(colon / 2)], port);
    }

    /// <summary>
    /// An endpoint as /proc/net/tcp* writes it: the address's 32-bit words in host byte order, in
    /// hex, then the port in hex. <paramref name="mapped"/> gives the IPv4-mapped IPv6 form of tcp6.
    /// </summary>
    public static string Format(IPEndPoint endPoint, bool mapped)
    {
        var address = endPoint.Address;
        if (mapped && address.AddressFamily == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv6();
        }
        else if (!mapped && address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var text = new System.Text.StringBuilder(bytes.Length * 2 + 5);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            var value = BitConverter.ToUInt32(bytes, word);
            text.Append(value.ToString("X8", CultureInfo.InvariantCulture));
        }

        return text.Append(':').Append(endPoint.Port.ToString("X4", CultureInfo.InvariantCulture)).ToString();
    }

    public struct Tally
    {
        public long TimeWait;
        public long Established;
        public long TimeWaitAll;
        public long TimeWaitOthers;

        public readonly Tally Add(Tally other) => new()
        {
            TimeWait = TimeWait + other.TimeWait,
            Established = Established + other.Established,
            TimeWaitAll = TimeWaitAll + other.TimeWaitAll,
            TimeWaitOthers = TimeWaitOthers + other.TimeWaitOthers,
        };
    }
}
