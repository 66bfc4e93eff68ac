using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PortLoad.Watching;

/// <summary>Where client connections go, from where: (source address, destination address, destination port), the unit whose ports run out.</summary>
public readonly record struct DestinationKey(AddressFamily Family, UInt128 Source, UInt128 Destination, int Port)
{
    public static DestinationKey From(AddressFamily family, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int port) =>
        new(family, Read(source), Read(destination), port);

    public IPAddress SourceAddress => Address(Source);

    public IPAddress DestinationAddress => Address(Destination);

    /// <summary>Whether the destination is this host's loopback, where tcp_tw_reuse = 2 applies.</summary>
    public bool LoopbackDestination => IPAddress.IsLoopback(DestinationAddress);

    public string DestinationText => new IPEndPoint(DestinationAddress, Port).ToString();

    public override string ToString() => $"{SourceAddress} -> {DestinationText}";

    private IPAddress Address(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return Family == AddressFamily.InterNetwork ? new IPAddress(bytes[..4]) : new IPAddress(bytes);
    }

    private static UInt128 Read(ReadOnlySpan<byte> address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
