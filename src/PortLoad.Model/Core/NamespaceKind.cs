namespace PortLoad;

/// <summary>The network namespace a strategy ran in, which decides whose ports and settings it had.</summary>
public enum NamespaceKind
{
    /// <summary>The namespace PortLoad was started in: the host's settings, ports shared with everything else there.</summary>
    Host,

    /// <summary>A fresh namespace of its own: the scenario's settings, the kernel's defaults for the rest.</summary>
    Isolated,

    /// <summary>One fresh namespace that several segment processes share: one port space for them all.</summary>
    IsolatedShared,

    /// <summary>Another process's namespace, entered to watch it (<c>watch --pid/--netns</c>).</summary>
    Entered,

    /// <summary>No namespace: the simulator's model of one.</summary>
    Simulated,
}
