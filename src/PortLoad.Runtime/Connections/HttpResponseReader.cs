using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PortLoad.Connections;

/// <summary>
/// An HTTP/1.1 response read as it comes (RFC 9112): the status line and headers, then the body by Content-Length,
/// by chunks, or up to the server's close; counted, not kept. No status 1xx is expected (nothing sends Expect).
/// </summary>
internal sealed class HttpResponseReader(HttpExpectation expectation) : IResponseReader
{
    private const int LongestHead = 16 * 1024;
    private readonly byte[] _head = new byte[LongestHead];
    private int _headLength;
    private State _state;
    private int _status;
    private long _left;
    private long _body;
    private bool _close;
    private int _lineLength;

    private enum State
    {
        Head,
        Body,
        UntilClose,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailers,
    }

    public bool KeepAlive => !_close && _state != State.UntilClose;

    public void Reset()
    {
        _state = State.Head;
        _headLength = _lineLength = _status = 0;
        _left = _body = 0;
        _close = false;
    }

    public FailureKind? Read(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty || _state == State.Body && _left == 0)
        {
            switch (_state)
            {
                case State.Head:
                    var take = Math.Min(bytes.Length, LongestHead - _headLength);
                    bytes[..take].CopyTo(_head.AsSpan(_headLength));
                    var searchFrom = Math.Max(0, _headLength - 3);
                    _headLength += take;
                    var end = _head.AsSpan(searchFrom, _headLength - searchFrom).IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                    {
                        return _headLength == LongestHead ? FailureKind.OTHER : null;
                    }

                    var headEnd = searchFrom + end + 4;
                    bytes = bytes[(take - (_headLength - headEnd))..];
                    if (!ParseHead(_head.AsSpan(0, headEnd)))
                    {
                        return FailureKind.OTHER;
                    }

                    break;
                case State.Body:
                    if (_left == 0)
                    {
                        return Done();
                    }

                    var body = (int)Math.Min(_left, bytes.Length);
                    _left -= body;
                    _body += body;
                    bytes = bytes[body..];
                    break;
                case State.UntilClose:
                    _body += bytes.Length;
                    return null;
                case State.ChunkData:
                    var chunk = (int)Math.Min(_left, bytes.Length);
                    _left -= chunk;
                    _body += chunk;
                    bytes = bytes[chunk..];
                    if (_left == 0)
                    {
                        _state = State.ChunkEnd;
                    }

                    break;
                default:
                    // A line: a chunk's size, the CRLF after its data, or a trailer (the empty one ends the body).
                    var newline = bytes.IndexOf((byte)'\n');
                    var line = newline < 0 ? bytes : bytes[..(newline + 1)];
                    if (_state == State.ChunkSize && !AppendLine(line))
                    {
                        return FailureKind.OTHER;
                    }

                    _lineLength += line.Length;
                    bytes = bytes[line.Length..];
                    if (newline < 0)
                    {
                        break;
                    }

                    var length = _lineLength;
                    _lineLength = 0;
                    if (_state == State.ChunkSize)
                    {
                        if (!ChunkSize(length, out _left))
                        {
                            return FailureKind.OTHER;
                        }

                        _state = _left == 0 ? State.Trailers : State.ChunkData;
                    }
                    else if (_state == State.ChunkEnd)
                    {
                        _state = State.ChunkSize;
                    }
                    else if (length <= 2)
                    {
                        return Done();
                    }

                    break;
            }
        }

        return null;
    }

    public FailureKind End() => _state == State.UntilClose ? Done() : FailureKind.ECONNRESET;

    private FailureKind Done() => expectation.Verdict(_status, _body);

    /// <summary>The status, and how the body is framed: Transfer-Encoding chunked, Content-Length, or the close.</summary>
    private bool ParseHead(ReadOnlySpan<byte> head)
    {
        var firstLine = head.IndexOf("\r\n"u8);
        if (firstLine < 12 || !head.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out _status, out var used) || used != 3)
        {
            return false;
        }

        _close = head[7] == (byte)'0';
        long? length = null;
        var chunked = false;
        foreach (var range in head[(firstLine + 2)..].Split("\r\n"u8))
        {
            var line = head[(firstLine + 2)..][range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long n, out var taken) || taken != value.Length || n < 0)
                {
                    return false;
                }

                length = n;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = Contains(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                _close = Contains(value, "close"u8) || (_close && !Contains(value, "keep-alive"u8));
            }
        }

        (_state, _left) = expectation.Head || _status is 204 or 304 || _status < 200 ? (State.Body, 0)
            : chunked ? (State.ChunkSize, 0)
            : length is { } known ? (State.Body, known)
            : (State.UntilClose, 0);
        return true;
    }

    /// <summary>Keeps a chunk-size line in the head's buffer (which is free once the head is read).</summary>
    private bool AppendLine(ReadOnlySpan<byte> part)
    {
        if (_lineLength + part.Length > 256)
        {
            return false;
        }

        part.CopyTo(_head.AsSpan(_lineLength));
        return true;
    }

    private bool ChunkSize(int length, out long size)
    {
        var line = _head.AsSpan(0, length);
        var hex = line[..(line.IndexOfAny(";\r\n"u8) is var stop and >= 0 ? stop : line.Length)].Trim(" \t"u8);
        return long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out size) && size >= 0;
    }

    /// <summary>Whether a header's value holds a token (lower case), whatever the case it is written in.</summary>
    private static bool Contains(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        for (var i = 0; i + token.Length <= value.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(i, token.Length), token))
            {
                return true;
            }
        }

        return false;
    }
}
