namespace PortLoad;

/// <summary>
/// Why a request failed, by errno. EADDRNOTAVAIL (out of source ports at connect), EADDRINUSE (bind to
/// a taken address) and ENOBUFS (Windows out of ports) are the faces of port exhaustion and are never
/// lumped together with the rest.
/// </summary>
public enum FailureKind
{
    None = 0,
    EADDRNOTAVAIL,
    EADDRINUSE,
    ECONNREFUSED,
    ETIMEDOUT,
    ECONNRESET,
    EMFILE,

    /// <summary>Not an errno: the strategy's circuit breaker was open and the request was never sent.</summary>
    CircuitOpen,
    OTHER,

    /// <summary>HTTP 429 Too Many Requests: a rate limiter (a service's or a cloud proxy's) said no.</summary>
    HTTP_429,

    /// <summary>HTTP 503 Service Unavailable: an overloaded service or a proxy without a healthy backend.</summary>
    HTTP_503,

    /// <summary>Any other 4xx status the request did not expect.</summary>
    HTTP_4xx,

    /// <summary>Any other 5xx status the request did not expect.</summary>
    HTTP_5xx,

    /// <summary>A 1xx, 2xx or 3xx status outside what the request expects (e.g. a redirect where only 200 counts).</summary>
    HTTP_UNEXPECTED,

    /// <summary>
    /// ENOBUFS: how Windows says it is out of ephemeral ports (WSAENOBUFS, 10055; .NET's
    /// SocketError.NoBufferSpaceAvailable): its ports are one space for every destination.
    /// </summary>
    ENOBUFS,
}

public static class FailureKinds
{
    /// <summary>Every failure kind, in the order reports list them.</summary>
    public static readonly FailureKind[] All =
    [
        FailureKind.EADDRNOTAVAIL, FailureKind.EADDRINUSE, FailureKind.ENOBUFS, FailureKind.ECONNREFUSED,
        FailureKind.ETIMEDOUT, FailureKind.ECONNRESET, FailureKind.EMFILE,
        FailureKind.HTTP_429, FailureKind.HTTP_503, FailureKind.HTTP_4xx, FailureKind.HTTP_5xx, FailureKind.HTTP_UNEXPECTED,
        FailureKind.CircuitOpen, FailureKind.OTHER,
    ];

    /// <summary>The failures that come from the kernel, a peer or a server's answer, which a retry policy may name.</summary>
    public static readonly FailureKind[] Errno = All.Where(k => k is not (FailureKind.CircuitOpen or FailureKind.OTHER)).ToArray();

    /// <summary>The failure an unexpected HTTP status stands for.</summary>
    public static FailureKind ForStatus(int status) => status switch
    {
        429 => FailureKind.HTTP_429,
        503 => FailureKind.HTTP_503,
        >= 400 and < 500 => FailureKind.HTTP_4xx,
        >= 500 and < 600 => FailureKind.HTTP_5xx,
        _ => FailureKind.HTTP_UNEXPECTED,
    };
}
