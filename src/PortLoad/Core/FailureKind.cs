namespace PortLoad;

/// <summary>
/// Why a request failed, by errno. EADDRNOTAVAIL (out of source ports at connect) and
/// EADDRINUSE (bind to a taken address) are the two faces of port exhaustion and are never lumped
/// together with the rest.
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
}

public static class FailureKinds
{
    /// <summary>Every failure kind, in the order reports list them.</summary>
    public static readonly FailureKind[] All =
    [
        FailureKind.EADDRNOTAVAIL, FailureKind.EADDRINUSE, FailureKind.ECONNREFUSED,
        FailureKind.ETIMEDOUT, FailureKind.ECONNRESET, FailureKind.EMFILE, FailureKind.CircuitOpen, FailureKind.OTHER,
    ];

    /// <summary>The failures that come from the kernel (or a peer), which a retry policy may name.</summary>
    public static readonly FailureKind[] Errno = All.Where(k => k is not (FailureKind.CircuitOpen or FailureKind.OTHER)).ToArray();
}
