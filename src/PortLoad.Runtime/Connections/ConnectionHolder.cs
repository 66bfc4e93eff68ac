using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using PortLoad.Scenarios;

namespace PortLoad.Connections;

/// <summary>
/// A hold phase's connections: each opened as a per-request connection is (source address, port choice), the
/// payload echoed once if there is one, then kept open until <see cref="ReleaseAllAsync"/> closes them all, the
/// client first (TIME_WAIT on its side) or with RST. A connection that finishes opening after the release is
/// closed at once, so nothing outlives the phase.
/// </summary>
public sealed class ConnectionHolder(ConnectionTarget target, CloseBy closeBy)
{
    private readonly byte[] _payload = target.Payload(pooled: false);
    private readonly TimeoutPool _timeouts = new(target.Request.Timeout);
    private readonly ClientConnector _connector = target.CreateConnector();
    private readonly ConcurrentQueue<Socket> _held = new();
    private long _holding;
    private long _peak;
    private volatile bool _released;
    private long _opening;
    private long _firstStart;
    private long _lastOpened;

    public long ConnectionsOpened => _connector.ConnectionsOpened;

    /// <summary>The most connections held open at once.</summary>
    public long PeakHeld => Interlocked.Read(ref _peak);

    /// <summary>From the first connection's start to the last one open; null before one opened.</summary>
    public TimeSpan? OpeningTook => Interlocked.Read(ref _lastOpened) is var last and > 0
        ? System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstStart), last)
        : null;

    public async ValueTask<FailureKind> OpenAsync()
    {
        using var timeout = _timeouts.Rent(CancellationToken.None);
        Interlocked.CompareExchange(ref _firstStart, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        Interlocked.Increment(ref _opening);
        Socket? socket = null;
        try
        {
            socket = await _connector.ConnectAsync(timeout.Token).ConfigureAwait(false);
            if (_payload.Length > 0)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_payload.Length, 256));
                try
                {
                    await SocketExchange.EchoAsync(socket, _payload, buffer, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            _held.Enqueue(socket);
            Interlocked.Exchange(ref _lastOpened, System.Diagnostics.Stopwatch.GetTimestamp());
            AtomicMax.Raise(ref _peak, Interlocked.Increment(ref _holding));

            socket = null;
            if (_released)
            {
                // Opened after the phase ended: close it with the rest.
                await ReleaseAllAsync().ConfigureAwait(false);
            }

            return FailureKind.None;
        }
        catch (Exception e)
        {
            return FailureClassifier.Classify(e);
        }
        finally
        {
            socket?.Dispose();
            Interlocked.Decrement(ref _opening);
        }
    }

    /// <summary>Completes once no connection is still opening (each ends within the request timeout).</summary>
    public async Task SettledAsync(CancellationToken stop)
    {
        while (Interlocked.Read(ref _opening) > 0 && !stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Closes every connection held, as the strategy closes (the client first, or RST).</summary>
    public ValueTask ReleaseAllAsync()
    {
        _released = true;
        while (_held.TryDequeue(out var socket))
        {
            if (closeBy == CloseBy.Reset)
            {
                SocketExchange.ArmReset(socket);
            }

            socket.Dispose();
            Interlocked.Decrement(ref _holding);
        }

        return ValueTask.CompletedTask;
    }
}
