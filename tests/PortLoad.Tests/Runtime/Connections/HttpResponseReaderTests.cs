using System.Text;
using PortLoad.Connections;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Connections;

/// <summary>
/// The epoll engine's HTTP/1.1 response reader: every framing a server uses, each response fed whole, then split at
/// every byte into two reads and byte by byte (a socket hands a response over in any pieces), with the verdict and
/// whether the connection may carry the next request.
/// </summary>
public class HttpResponseReaderTests
{
    private static readonly HttpExpectation Any = new(ExpectedResponse.SuccessOrRedirect, 0, false);

    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n0123456789abcde\n", FailureKind.None, true)]
    [TestCase("HTTP/1.1 200 OK\r\ncontent-length:0\r\n\r\n", FailureKind.None, true)]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n10;ext=1\r\n0123456789abcdef\r\n0\r\n\r\n", FailureKind.None, true)]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Trailer: yes\r\n\r\n", FailureKind.None, true)]
    [TestCase("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", FailureKind.None, true)]
    [TestCase("HTTP/1.1 301 Moved\r\nLocation: /x\r\nContent-Length: 2\r\n\r\nok", FailureKind.None, true)]
    [TestCase("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 2\r\n\r\nok", FailureKind.None, false)]
    [TestCase("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", FailureKind.None, false)]
    [TestCase("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", FailureKind.None, true)]
    [TestCase("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy", FailureKind.HTTP_503, true)]
    [TestCase("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n", FailureKind.HTTP_429, true)]
    [TestCase("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", FailureKind.HTTP_4xx, true)]
    [TestCase("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n", FailureKind.HTTP_5xx, true)]
    [TestCase("SSH-2.0-OpenSSH_9.2\r\n\r\n", FailureKind.OTHER, false)]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", FailureKind.OTHER, false)]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", FailureKind.OTHER, false)]
    public void Read_InAnyPieces_GivesTheSameVerdict(string response, FailureKind expected, bool keepAlive)
    {
        var bytes = Encoding.ASCII.GetBytes(response);
        foreach (var pieces in Splits(bytes))
        {
            var reader = new HttpResponseReader(Any);
            reader.Reset();
            var verdict = Feed(reader, pieces);

            Assert.That(verdict, Is.EqualTo(expected), $"split as {string.Join(" | ", pieces.Select(p => p.Length))}");
            if (expected != FailureKind.OTHER)
            {
                Assert.That(reader.KeepAlive, Is.EqualTo(keepAlive));
            }
        }
    }

    [Test]
    public void Read_BodyUntilTheServerCloses_EndsAtTheClose()
    {
        var reader = new HttpResponseReader(new HttpExpectation(ExpectedResponse.EchoBack, 5, false));
        reader.Reset();

        Assert.That(reader.Read("HTTP/1.1 200 OK\r\n\r\nhel"u8), Is.Null);
        Assert.That(reader.Read("lo"u8), Is.Null);
        Assert.That(reader.End(), Is.EqualTo(FailureKind.None), "five bytes, as the echo was sent");
        Assert.That(reader.KeepAlive, Is.False);
    }

    [Test]
    public void End_BeforeTheBodyIsWhole_IsECONNRESET()
    {
        var reader = new HttpResponseReader(Any);
        reader.Reset();

        Assert.That(reader.Read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"u8), Is.Null);
        Assert.That(reader.End(), Is.EqualTo(FailureKind.ECONNRESET));
    }

    [TestCase(4, FailureKind.None)]
    [TestCase(3, FailureKind.OTHER)]
    public void Echo_BodyAsLongAsWhatWasSent_Succeeds(int sent, FailureKind expected)
    {
        var reader = new HttpResponseReader(new HttpExpectation(ExpectedResponse.EchoBack, sent, false));
        reader.Reset();

        Assert.That(reader.Read("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd"u8), Is.EqualTo(expected));
    }

    [Test]
    public void Head_HasNoBody_WhateverItsLengthSays()
    {
        var reader = new HttpResponseReader(new HttpExpectation(ExpectedResponse.SuccessOrRedirect, 0, true));
        reader.Reset();

        Assert.That(reader.Read("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"u8), Is.EqualTo(FailureKind.None));
    }

    [Test]
    public void Reset_ReadsTheNextResponseOfTheConnection()
    {
        var reader = new HttpResponseReader(Any);
        reader.Reset();
        Assert.That(reader.Read("HTTP/1.1 503 X\r\nContent-Length: 1\r\n\r\nx"u8), Is.EqualTo(FailureKind.HTTP_503));

        reader.Reset();

        Assert.That(reader.Read("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n"u8), Is.Null);
        Assert.That(reader.Read("y"u8), Is.EqualTo(FailureKind.None));
    }

    private static FailureKind? Feed(HttpResponseReader reader, IEnumerable<byte[]> pieces)
    {
        foreach (var piece in pieces)
        {
            if (reader.Read(piece) is { } verdict)
            {
                return verdict;
            }
        }

        return null;
    }

    private static IEnumerable<byte[][]> Splits(byte[] bytes)
    {
        yield return [bytes];
        for (var at = 1; at < bytes.Length; at++)
        {
            yield return [bytes[..at], bytes[at..]];
        }

        yield return [.. bytes.Select(b => new[] { b })];
    }
}
