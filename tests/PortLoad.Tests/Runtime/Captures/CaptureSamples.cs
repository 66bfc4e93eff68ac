namespace PortLoad.Tests.Runtime.Captures;

/// <summary>
/// Captures as Windows and macOS print them, written from their documented formats (netstat's columns on Windows, with
/// IPv6 in brackets and a PID column; Get-NetTCPConnection's properties and its State enum; the BSD netstat's
/// address.port), each with listeners, a UDP line or IPv6 where the tool has them. Linux captures are taken for real
/// (<see cref="RealCaptureTests"/>).
/// </summary>
internal static class CaptureSamples
{
    // netstat -ano, as cmd.exe writes it (CRLF). 10.0.0.4:3389 is a server's end (the host listens on 3389).
    public const string WindowsNetstat =
        "\r\nActive Connections\r\n\r\n"
        + "  Proto  Local Address          Foreign Address        State           PID\r\n"
        + "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1012\r\n"
        + "  TCP    0.0.0.0:3389           0.0.0.0:0              LISTENING       1180\r\n"
        + "  TCP    10.0.0.4:3389          10.0.0.9:51234         ESTABLISHED     1180\r\n"
        + "  TCP    10.0.0.4:50001         52.239.1.10:443        TIME_WAIT       0\r\n"
        + "  TCP    10.0.0.4:50002         52.239.1.10:443        TIME_WAIT       0\r\n"
        + "  TCP    10.0.0.4:50003         52.239.1.10:443        ESTABLISHED     4321\r\n"
        + "  TCP    10.0.0.4:50004         20.50.2.3:1433         ESTABLISHED     4321\r\n"
        + "  TCP    [::]:135               [::]:0                 LISTENING       1012\r\n"
        + "  TCP    [fe80::1%12]:50005     [fe80::2%12]:8080      SYN_SENT        4321\r\n"
        + "  UDP    0.0.0.0:123            *:*                                    1400\r\n";

    // Get-NetTCPConnection | Select-Object LocalAddress,LocalPort,RemoteAddress,RemotePort,State,OwningProcess | Export-Csv
    public const string PowerShellCsv =
        "#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance\r\n"
        + "\"LocalAddress\",\"LocalPort\",\"RemoteAddress\",\"RemotePort\",\"State\",\"OwningProcess\"\r\n"
        + "\"0.0.0.0\",\"135\",\"0.0.0.0\",\"0\",\"Listen\",\"1012\"\r\n"
        + "\"10.0.0.4\",\"50001\",\"52.239.1.10\",\"443\",\"TimeWait\",\"0\"\r\n"
        + "\"10.0.0.4\",\"50002\",\"52.239.1.10\",\"443\",\"TimeWait\",\"0\"\r\n"
        + "\"10.0.0.4\",\"50003\",\"52.239.1.10\",\"443\",\"Established\",\"4321\"\r\n"
        + "\"::1\",\"50010\",\"::1\",\"8080\",\"Established\",\"4321\"\r\n";

    // ... | ConvertTo-Json: State as MSFT_NetTCPConnection's number (11 TimeWait, 5 Established, 2 Listen).
    public const string PowerShellJson = """
        [
            {
                "LocalAddress":  "10.0.0.4",
                "LocalPort":  50001,
                "RemoteAddress":  "52.239.1.10",
                "RemotePort":  443,
                "State":  11,
                "OwningProcess":  0
            },
            {
                "LocalAddress":  "10.0.0.4",
                "LocalPort":  50003,
                "RemoteAddress":  "52.239.1.10",
                "RemotePort":  443,
                "State":  5,
                "OwningProcess":  4321
            },
            {
                "LocalAddress":  "0.0.0.0",
                "LocalPort":  135,
                "RemoteAddress":  "0.0.0.0",
                "RemotePort":  0,
                "State":  2,
                "OwningProcess":  1012
            }
        ]
        """;

    // macOS: netstat -an -p tcp (tcp4, tcp6, tcp46; address.port; "*.*" for a listener's peer).
    public const string MacNetstat = """
        Active Internet connections (including servers)
        Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)
        tcp4       0      0  192.168.1.5.50000      17.253.1.2.443         ESTABLISHED
        tcp4       0      0  192.168.1.5.50001      17.253.1.2.443         TIME_WAIT
        tcp4       0      0  192.168.1.5.50002      17.253.1.2.443         TIME_WAIT
        tcp6       0      0  fe80::1%lo0.49152      fe80::1%lo0.631        ESTABLISHED
        tcp46      0      0  *.22                   *.*                    LISTEN
        tcp4       0      0  127.0.0.1.631          *.*                    LISTEN
        """;
}
