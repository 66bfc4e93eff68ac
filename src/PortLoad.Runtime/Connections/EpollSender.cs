using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// The tcp-echo and plain HTTP/1.1 strategies on Linux through epoll directly (<see cref="EpollConnection"/>):
/// per-request, a new nonblocking socket and connect() per request, through the same kernel path as every other
/// client; pooled, <c>poolSize</c> connections opened once (an HTTP one replaced when the server closes it). What
/// .NET's sockets add per connection (fcntl twice, poll, the SocketAsyncEventArgs, a timer per request) and
/// HttpClient per request (a request message, a thread-pool hop to connect, header objects) is left out: the
/// request's bytes are written once, the response is read as it comes, timeouts are one loop's 10 ms sweep.
/// Used when the strategy needs nothing the engine lacks (<see cref="Fits"/>); the setting <c>EpollSockets</c> false turns it off.
/// </summary>
public sealed class EpollSender : IRequestSender
{
    private readonly ConcurrentQueue<EpollConnection> _free = new();
    private readonly SemaphoreSlim? _poolFree;
    private readonly List<EpollConnection> _pool = [];
    private readonly EpollInterop.Destination[] _destinations;
    private readonly LocalPorts? _own;
    private readonly long _timeoutTicks;
    private readonly ExhaustedConnectSamples _exhausted = new();
    private readonly int _poolLimit;
    private int _poolOpened;
    private readonly HttpExpectation? _http;
    private long _opened;
    private long _next = -1;
    private volatile bool _exhaustionSeen;

    /// <param name="poolSize">A pool of this many connections; null: a connection per request.</param>
    public EpollSender(ConnectionTarget target, CloseBy closeBy, int? poolSize = null)
    {
        Pooled = poolSize is not null;
        _poolLimit = poolSize ?? 0;
        CloseBy = closeBy;
        if (target.Protocol == TargetProtocol.TcpEcho)
        {
            Request = target.Payload(Pooled);
        }
        else
        {
            Request = HttpRequestBytes.For(target, closeBy);
            _http = HttpExpectation.For(target);
        }

        _own = target.OwnPorts;
        _destinations = [.. target.Destinations.Select(e => new EpollInterop.Destination(e))];
        _timeoutTicks = (long)(target.Request.Timeout.TotalSeconds * Stopwatch.Frequency);
        _poolFree = Pooled ? new SemaphoreSlim(0) : null;
        Loop = new EpollLoop();
    }

    /// <summary>
    /// Whether the engine can send for this strategy: Linux x64, tcp-echo or HTTP/1.1 without TLS, the kernel picking
    /// each port with connect().
    /// </summary>
    public static bool Fits(ConnectionTarget target) =>
        EpollInterop.Supported && (target.Protocol == TargetProtocol.TcpEcho || (target.Protocol == TargetProtocol.Http && !target.Http2))
        && target.SourceAddresses.Count == 0
        && !target.BindPort && target.SourcePorts is null && !target.ReuseAddress && Enabled;

    /// <summary>Whether the engine is used where it fits (the <c>EpollSockets</c> setting); false: .NET's sockets and HttpClient everywhere.</summary>
    public static bool Enabled { get; set; } = true;

    internal EpollLoop Loop { get; }

    /// <summary>How long a pooled HTTP connection may sit idle before it is closed, SocketsHttpHandler's default (1 min); 0: for ever.</summary>
    internal long IdleTimeoutTicks => _http is null ? 0 : 60 * Stopwatch.Frequency;

    /// <summary>What every request sends: the echo's payload, or the HTTP request's bytes.</summary>
    internal byte[] Request { get; }

    internal IResponseReader CreateReader() => _http is null ? new EchoReader(Request.Length) : new HttpResponseReader(_http);

    internal bool Pooled { get; }

    internal CloseBy CloseBy { get; }

    public long ConnectionsOpened => Interlocked.Read(ref _opened);

    public IReadOnlyList<long> ExhaustedConnectCpu => _exhausted.All;

    /// <summary>A tcp-echo pool opens its connections now; an HTTP one, as SocketsHttpHandler does, when requests need them.</summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < (_http is null ? _poolLimit : 0); i++)
        {
            _poolOpened++;
            var connection = PoolConnection();

            // A failed connect leaves it closed: the first request to take it connects again, and counts the failure.
            await connection.Start(Deadline(), cancellationToken, connectOnly: true).ConfigureAwait(false);
        }
    }

    public ValueTask<FailureKind> SendAsync(CancellationToken cancellationToken)
    {
        var deadline = Deadline();
        if (Pooled)
        {
            // A permit is a connection in the queue.
            return _poolFree!.Wait(0) && _free.TryDequeue(out var idle) ? idle.Start(deadline, cancellationToken)
                : Volatile.Read(ref _poolOpened) < _poolLimit && Interlocked.Increment(ref _poolOpened) <= _poolLimit ? PoolConnection().Start(deadline, cancellationToken)
                : WaitForConnectionAsync(deadline, cancellationToken);
        }

        return (_free.TryDequeue(out var connection) ? connection : new EpollConnection(this)).Start(deadline, cancellationToken);
    }

    /// <summary>Every connection of the pool is busy: the request waits for one, within its timeout.</summary>
    private async ValueTask<FailureKind> WaitForConnectionAsync(long deadline, CancellationToken cancellationToken)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        try
        {
            if (!await _poolFree!.WaitAsync(left, cancellationToken).ConfigureAwait(false))
            {
                return FailureKind.ETIMEDOUT;
            }
        }
        catch (OperationCanceledException)
        {
            return FailureKind.ETIMEDOUT;
        }

        _free.TryDequeue(out var connection);
        return await connection!.Start(deadline, cancellationToken).ConfigureAwait(false);
    }

    private EpollConnection PoolConnection()
    {
        var connection = new EpollConnection(this);
        lock (_pool)
        {
            _pool.Add(connection);
        }

        return connection;
    }

    private long Deadline() => Stopwatch.GetTimestamp() + _timeoutTicks;

    /// <summary>A request is over and its awaiter has its outcome: the connection serves the next.</summary>
    internal void Release(EpollConnection connection)
    {
        _free.Enqueue(connection);
        _poolFree?.Release();
    }

    internal EpollInterop.Destination NextDestination() =>
        _destinations.Length == 1 ? _destinations[0] : _destinations[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_destinations.Length)];

    internal void OnConnected(int fd)
    {
        Interlocked.Increment(ref _opened);
        if (_own is not null)
        {
            EpollInterop.RecordLocal(fd, _own);
        }
    }

    /// <summary>
    /// Whether to time this connect(): once the range has run out, as <see cref="ExhaustedConnectSamples"/> picks them;
    /// before, none, which costs no syscall.
    /// </summary>
    internal bool SampleConnectCpu() => _exhaustionSeen && _exhausted.TimeThisOne();

    internal void OnConnectFailed(int errno, long cpuNanoseconds)
    {
        if (errno != 99)
        {
            return;
        }

        _exhaustionSeen = true;
        if (cpuNanoseconds >= 0)
        {
            _exhausted.Add(cpuNanoseconds);
        }
    }

    public ValueTask DisposeAsync()
    {
        Loop.Dispose();
        foreach (var connection in _pool.ToArray())
        {
            connection.Drop();
        }

        return ValueTask.CompletedTask;
    }
}
