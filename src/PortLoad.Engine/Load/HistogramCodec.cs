using System.Buffers.Binary;
using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Encoding;
using HdrHistogram.Utilities;

namespace PortLoad.Load;

/// <summary>
/// HdrHistogram's compressed form (V2: a cookie, the compressed length, then the zlib-deflated encoding), base64, as
/// in an .hlog line, read and written around a bug of HdrHistogram.NET 2.5.0 (the latest on NuGet): its decoder reads
/// the deflate stream with a single Read call, which may return less than asked, so a histogram of many distinct
/// values (about 10,000 and up) fails to decode ("The buffer does not contain the indicated payload amount";
/// HdrHistogram.NET issue #99, fixed on its main branch, not released). Here the payload is inflated whole, and only
/// the uncompressed decoding is left to HdrHistogram. Its encoder also deflates its whole buffer, written or not:
/// <see cref="Encode"/> deflates only what was written, in about half the time.
/// </summary>
internal static class HistogramCodec
{
    // V2's compressed cookie; the 0x10 bit says the counts are ZigZag LEB128 (as HdrHistogram's own writers set it).
    private const int CompressedCookie = 0x1c849304 | 0x10;

    public static string Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.Encode(buffer, HistogramEncoderV2.Instance);
        var encoded = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            encoded[i] = buffer.Get();
        }

        using var compressed = new MemoryStream();
        compressed.Write(new byte[8]);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(encoded);
        }

        var bytes = compressed.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(bytes, CompressedCookie);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), bytes.Length - 8);
        return Convert.ToBase64String(bytes);
    }

    /// <exception cref="FormatException">Not base64.</exception>
    /// <exception cref="InvalidDataException">Not a compressed histogram.</exception>
    public static HistogramBase Decode(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var length = bytes.Length >= 8 ? BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4)) : -1;
        if (length < 0 || length > bytes.Length - 8)
        {
            throw new InvalidDataException("too short for a compressed histogram");
        }

        using var zlib = new ZLibStream(new MemoryStream(bytes, 8, length), CompressionMode.Decompress);
        using var encoded = new MemoryStream();
        zlib.CopyTo(encoded);
        return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(encoded.ToArray()), 0, null);
    }
}
