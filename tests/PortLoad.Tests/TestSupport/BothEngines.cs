using PortLoad.Connections;

namespace PortLoad.Tests.TestSupport;

/// <summary>
/// A fixture that runs each case twice: on PortLoad's epoll engine and on .NET's sockets, which must agree. The epoll
/// run skips where the engine does not run.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public abstract class BothEngines(bool epoll)
{
    /// <summary>This run is the epoll engine's.</summary>
    protected bool Epoll => epoll;

    [SetUp]
    public void LinuxX64() => Assume.That(!epoll || EpollInterop.Supported, "the epoll engine runs on Linux x64 only");
}
