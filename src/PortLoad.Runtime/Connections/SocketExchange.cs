using System.Net.Sockets;

namespace PortLoad.Connections;

/// <summary>The byte-level steps shared by the TCP senders.</summary>
internal static class SocketExchange
{
    /// <summary>Sends the payload and reads the same number of bytes back.</summary>
    public static async ValueTask EchoAsync(Socket socket, byte[] payload, byte[] buffer, CancellationToken token)
    {
        var sent = 0;
        while (sent < payload.Length)
        {
            sent += await socket.SendAsync(payload.AsMemory(sent), SocketFlags.None, token).ConfigureAwait(false);
        }

        var received = 0;
        while (received < payload.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(received, payload.Length - received), SocketFlags.None, token).ConfigureAwait(false);
            if (n == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            received += n;
        }
    }

    /// <summary>Waits for the peer's FIN, so that the peer is the side that closed first.</summary>
    public static async ValueTask AwaitPeerCloseAsync(Socket socket, byte[] buffer, CancellationToken token)
    {
        while (await socket.ReceiveAsync(buffer.AsMemory(0, Math.Min(buffer.Length, 256)), SocketFlags.None, token).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>Makes close() send RST and skip TIME_WAIT.</summary>
    public static void ArmReset(Socket socket) => socket.LingerState = new LingerOption(true, 0);
}
