namespace PortLoad;

/// <summary>How a run's figures came about: real sockets, or the model of the kernel.</summary>
public enum RunMode
{
    Measured,
    Simulated,
}
