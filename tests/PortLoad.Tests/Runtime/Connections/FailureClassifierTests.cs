using System.Net;
using System.Net.Sockets;
using PortLoad.Connections;
using PortLoad.Tests.TestSupport;

namespace PortLoad.Tests.Connections;

public class FailureClassifierTests
{
    [TestCase(SocketError.AddressNotAvailable, FailureKind.EADDRNOTAVAIL)]
    [TestCase(SocketError.AddressAlreadyInUse, FailureKind.EADDRINUSE)]
    [TestCase(SocketError.ConnectionRefused, FailureKind.ECONNREFUSED)]
    [TestCase(SocketError.TimedOut, FailureKind.ETIMEDOUT)]
    [TestCase(SocketError.ConnectionReset, FailureKind.ECONNRESET)]
    [TestCase(SocketError.TooManyOpenSockets, FailureKind.EMFILE)]
    [TestCase(SocketError.HostUnreachable, FailureKind.OTHER)]
    public void Classify_SocketException_ByErrorCode(SocketError error, FailureKind expected)
    {
        Assert.That(FailureClassifier.Classify(new SocketException((int)error)), Is.EqualTo(expected));
    }

    [Test]
    public void Classify_HttpClientCancelledMidRead_IsATimeoutNotTheAbortedSocket()
    {
        // What HttpClient throws when the request's token fires while it waits for the response.
        var aborted = new IOException("Unable to read data from the transport connection: Operation canceled.", new SocketException((int)SocketError.OperationAborted));
        var cancelled = new TaskCanceledException("The operation was canceled.", new TaskCanceledException("The operation was canceled.", aborted));

        Assert.That(FailureClassifier.Classify(cancelled), Is.EqualTo(FailureKind.ETIMEDOUT));
    }

    [Test]
    public void Classify_WrappedByHttpClient_LooksInside()
    {
        var wrapped = new HttpRequestException("Cannot assign requested address (127.0.0.1:80)", new SocketException((int)SocketError.AddressNotAvailable));

        Assert.That(FailureClassifier.Classify(wrapped), Is.EqualTo(FailureKind.EADDRNOTAVAIL));
    }

    [Test]
    public void Classify_OwnTimeout_IsETIMEDOUT() =>
        Assert.That(FailureClassifier.Classify(new TaskCanceledException()), Is.EqualTo(FailureKind.ETIMEDOUT));

    [Test]
    public async Task Classify_RealConnectToClosedPort_IsECONNREFUSED()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        var e = await Assert.CatchAsync(async () => await socket.ConnectAsync(Loopback.UnusedEndPoint()));

        Assert.That(FailureClassifier.Classify(e!), Is.EqualTo(FailureKind.ECONNREFUSED));
    }

    [Test]
    public void Classify_RealBindToTakenPort_IsEADDRINUSE()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        var e = Assert.Catch(() => second.Bind(listener.LocalEndPoint!));

        Assert.That(FailureClassifier.Classify(e!), Is.EqualTo(FailureKind.EADDRINUSE));
    }
}
