using System.Net.Sockets;

namespace PortLoad.Connections;

/// <summary>Maps what a request threw to the errno it stands for, looking through HttpClient's wrapping.</summary>
public static class FailureClassifier
{
    public static FailureKind Classify(Exception exception)
    {
        // A request cancelled by its own timeout (and not by the run stopping) timed out, whatever
        // the cancellation left inside: HttpClient wraps the aborted socket read (OperationAborted).
        if (exception is OperationCanceledException)
        {
            return FailureKind.ETIMEDOUT;
        }

        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    return FromSocketError(socket.SocketErrorCode);
                case TimeoutException:
                    return FailureKind.ETIMEDOUT;
                case IOException { InnerException: null } io when io.Message.Contains("reset", StringComparison.OrdinalIgnoreCase):
                    return FailureKind.ECONNRESET;
            }
        }

        return FailureKind.OTHER;
    }

    /// <summary>A Linux errno as the failure it stands for.</summary>
    public static FailureKind FromErrno(int errno) => errno switch
    {
        99 => FailureKind.EADDRNOTAVAIL,
        98 => FailureKind.EADDRINUSE,
        105 => FailureKind.ENOBUFS,
        111 => FailureKind.ECONNREFUSED,
        110 => FailureKind.ETIMEDOUT,
        104 or 103 or 32 or 108 => FailureKind.ECONNRESET,
        24 or 23 => FailureKind.EMFILE,
        _ => FailureKind.OTHER,
    };

    public static FailureKind FromSocketError(SocketError error) => error switch
    {
        SocketError.AddressNotAvailable => FailureKind.EADDRNOTAVAIL,
        SocketError.AddressAlreadyInUse => FailureKind.EADDRINUSE,
        SocketError.NoBufferSpaceAvailable => FailureKind.ENOBUFS,
        SocketError.ConnectionRefused => FailureKind.ECONNREFUSED,
        SocketError.TimedOut => FailureKind.ETIMEDOUT,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => FailureKind.ECONNRESET,
        SocketError.TooManyOpenSockets => FailureKind.EMFILE,
        _ => FailureKind.OTHER,
    };
}
