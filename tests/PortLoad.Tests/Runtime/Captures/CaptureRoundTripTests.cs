using System.Globalization;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PortLoad.Captures;
using PortLoad.Sampling;

namespace PortLoad.Tests.Runtime.Captures;

/// <summary>
/// Property: a socket table written as each tool writes it (its columns, its spelling of states, its addresses:
/// brackets on Windows, address.port on the BSDs, none for ss's IPv4) reads back to the same table.
/// </summary>
public class CaptureRoundTripTests
{
    private static readonly TcpState[] States = [TcpState.Established, TcpState.TimeWait, TcpState.SynSent, TcpState.FinWait1, TcpState.FinWait2, TcpState.CloseWait, TcpState.LastAck, TcpState.Closing, TcpState.Listen];

    [FsCheck.NUnit.Property(MaxTest = 100)]
    public Property AnyTable_WrittenAsEachToolWritesIt_ReadsBack(NonEmptyArray<(uint Local, uint Remote, ushort LocalPort, ushort RemotePort, byte State, bool V6)> rows)
    {
        var sockets = rows.Get.Select(r => new CapturedSocket(Address(r.Local, r.V6), r.LocalPort, Address(r.Remote, r.V6), r.RemotePort, States[r.State % States.Length])).ToList();

        var failures = new List<string>();
        foreach (var format in new[] { CaptureFormat.Ss, CaptureFormat.NetstatLinux, CaptureFormat.NetstatWindows, CaptureFormat.NetstatBsd })
        {
            var path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, Write(format, sockets));
                var read = CaptureReader.Read(path, strict: true);
                if (read.Format != format || !read.Snapshots.Single().Sockets.SequenceEqual(sockets))
                {
                    failures.Add($"{format}: read as {read.Format}, {read.Snapshots.Single().Sockets.Count} sockets");
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        return (failures.Count == 0).Label(string.Join("; ", failures));
    }

    private static IPAddress Address(uint seed, bool v6)
    {
        if (!v6)
        {
            return new IPAddress(BitConverter.GetBytes(seed | 0x01000000u)); // never 0.0.0.0 ("*" reads back as any)
        }

        var bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        BitConverter.GetBytes(seed).CopyTo(bytes, 12);
        return new IPAddress(bytes);
    }

    private static string Write(CaptureFormat format, List<CapturedSocket> sockets)
    {
        var text = new StringBuilder();
        text.AppendLine(format switch
        {
            CaptureFormat.Ss => "State      Recv-Q Send-Q Local Address:Port   Peer Address:Port Process",
            CaptureFormat.NetstatWindows => "  Proto  Local Address          Foreign Address        State           PID",
            CaptureFormat.NetstatBsd => "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)",
            _ => "Proto Recv-Q Send-Q Local Address           Foreign Address         State",
        });
        foreach (var s in sockets)
        {
            var state = Names[s.State];
            text.AppendLine(format switch
            {
                CaptureFormat.Ss => $"{state.Ss,-10} 0      0      {Colon(s.Local, s.LocalPort, brackets: true),40} {Colon(s.Remote, s.RemotePort, brackets: true),40}",
                CaptureFormat.NetstatWindows => $"  TCP    {Colon(s.Local, s.LocalPort, brackets: true),-22} {Colon(s.Remote, s.RemotePort, brackets: true),-22} {state.Windows,-15} 0\r",
                CaptureFormat.NetstatBsd => $"tcp{(s.Local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "4 " : "6 ")}      0      0  {Dot(s.Local, s.LocalPort),-22} {Dot(s.Remote, s.RemotePort),-22} {state.Netstat}",
                _ => $"tcp{(s.Local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "  " : "6 ")}      0      0 {Colon(s.Local, s.LocalPort, brackets: false),-23} {Colon(s.Remote, s.RemotePort, brackets: false),-23} {state.Netstat}",
            });
        }

        return text.ToString();
    }

    private static readonly Dictionary<TcpState, (string Ss, string Netstat, string Windows)> Names = new()
    {
        [TcpState.Established] = ("ESTAB", "ESTABLISHED", "ESTABLISHED"),
        [TcpState.TimeWait] = ("TIME-WAIT", "TIME_WAIT", "TIME_WAIT"),
        [TcpState.SynSent] = ("SYN-SENT", "SYN_SENT", "SYN_SENT"),
        [TcpState.FinWait1] = ("FIN-WAIT-1", "FIN_WAIT1", "FIN_WAIT_1"),
        [TcpState.FinWait2] = ("FIN-WAIT-2", "FIN_WAIT2", "FIN_WAIT_2"),
        [TcpState.CloseWait] = ("CLOSE-WAIT", "CLOSE_WAIT", "CLOSE_WAIT"),
        [TcpState.LastAck] = ("LAST-ACK", "LAST_ACK", "LAST_ACK"),
        [TcpState.Closing] = ("CLOSING", "CLOSING", "CLOSING"),
        [TcpState.Listen] = ("LISTEN", "LISTEN", "LISTENING"),
    };

    private static string Colon(IPAddress address, int port, bool brackets) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && brackets
            ? $"[{address}]:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";

    private static string Dot(IPAddress address, int port) => $"{address}.{port.ToString(CultureInfo.InvariantCulture)}";
}
