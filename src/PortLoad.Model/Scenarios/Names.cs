namespace PortLoad.Scenarios;

/// <summary>The one table of names that enum values go by in scenario files and results.</summary>
public static class Names
{
    public static readonly NameTable<TargetProtocol> Protocols = new(("tcp-echo", TargetProtocol.TcpEcho), ("http", TargetProtocol.Http), ("https", TargetProtocol.Https));

    public static readonly NameTable<ConnectionMode> Connections = new(("per-request", ConnectionMode.PerRequest), ("pooled", ConnectionMode.Pooled));

    public static readonly NameTable<CloseBy> Closers = new(("client", CloseBy.Client), ("server", CloseBy.Server), ("reset", CloseBy.Reset));

    public static readonly NameTable<PortChoice> PortChoices = new(("connect", PortChoice.Connect), ("bind", PortChoice.Bind));

    public static readonly NameTable<DelayDistribution> Distributions = new(("fixed", DelayDistribution.Fixed), ("exponential", DelayDistribution.Exponential));

    public static readonly NameTable<Backoff> Backoffs = new(("constant", Backoff.Constant), ("linear", Backoff.Linear), ("exponential", Backoff.Exponential));

    public static readonly NameTable<RunMode> Modes = new(("measured", RunMode.Measured), ("simulated", RunMode.Simulated));

    public static readonly NameTable<NamespaceKind> Namespaces = new(
        ("host", NamespaceKind.Host), ("isolated", NamespaceKind.Isolated), ("isolated (shared)", NamespaceKind.IsolatedShared), ("entered", NamespaceKind.Entered), ("simulated", NamespaceKind.Simulated));

    /// <summary>Failure kinds by errno name (and CircuitOpen, OTHER), in the order reports list them.</summary>
    public static readonly NameTable<FailureKind> Failures = new([.. FailureKinds.All.Select(k => (k.ToString(), k))]);

    /// <summary>The failures a retry policy may name: the kernel's (or a peer's).</summary>
    public static readonly NameTable<FailureKind> Errno = new([.. FailureKinds.Errno.Select(k => (k.ToString(), k))]);

    /// <summary>Names of scenarios and strategies (they name folders and files), as a JSON schema pattern.</summary>
    public const string NamePattern = @"^[A-Za-z0-9._-]{1,64}$";

    /// <summary>Whether <paramref name="name"/> may name a folder or a file: 1-64 letters, digits, '.', '_' or '-'.</summary>
    // Checked by hand, not by NamePattern: "$" would also match before a final newline, which would split the CSV that names it.
    public static bool IsSafe(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
