using System.Net.Sockets;

namespace PortLoad.Connections;

/// <summary>A client socket that holds one of <see cref="DescriptorGate"/>'s descriptors from creation to disposal.</summary>
internal sealed class GatedSocket : Socket
{
    private int _returned;

    private GatedSocket(AddressFamily family)
        : base(family, SocketType.Stream, ProtocolType.Tcp)
    {
    }

    /// <summary>A new TCP socket, or EMFILE (as the kernel would say it) when the descriptors left are the runtime's.</summary>
    public static Socket Create(AddressFamily family)
    {
        if (!DescriptorGate.TryTake())
        {
            throw new SocketException((int)SocketError.TooManyOpenSockets);
        }

        try
        {
            return new GatedSocket(family);
        }
        catch
        {
            DescriptorGate.Return();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            DescriptorGate.Return();
        }
    }
}
