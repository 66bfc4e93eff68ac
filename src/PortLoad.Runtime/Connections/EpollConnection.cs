using System.Diagnostics;
using System.Threading.Tasks.Sources;
using PortLoad.Scenarios;
using static PortLoad.Connections.EpollInterop;

namespace PortLoad.Connections;

/// <summary>
/// One socket of the epoll engine and the request it is serving, as a state machine: connect, send the
/// payload, read it back, close the strategy's way (a pool's connection stays open). A request starts on the
/// caller's thread with nonblocking calls and goes on, under the connection's lock, on the loop's thread as
/// events come; its awaiter is this object (a pooled <see cref="IValueTaskSource{TResult}"/>), so a request
/// allocates nothing.
/// </summary>
internal sealed class EpollConnection : IValueTaskSource<FailureKind>
{
    private readonly EpollSender _sender;
    private readonly int _slot;
    private readonly byte[] _buffer;
    private readonly IResponseReader _reader;
    private ManualResetValueTaskSourceCore<FailureKind> _core;
    private CancellationTokenRegistration _cancellation;
    private int _fd = -1;
    private uint _generation;
    private volatile Step _step;
    private long _deadline;
    private int _sent;
    private FailureKind _outcome;
    private long _idleSince;
    private bool _connectOnly;

    public EpollConnection(EpollSender sender)
    {
        _sender = sender;
        _buffer = new byte[Math.Max(sender.Request.Length, 4096)];
        _reader = sender.CreateReader();
        _slot = sender.Loop.Add(this);
    }

    private enum Step
    {
        Idle,
        Connecting,
        Sending,
        Receiving,
        Closing,
        AwaitingClose,
    }

    /// <summary>Starts a request: connects first when the socket is not open (per-request, or a pool's dropped connection).</summary>
    /// <param name="deadline">When the request times out, a <see cref="Stopwatch"/> timestamp.</param>
    /// <param name="connectOnly">Only connect (a pool's connection opened ahead of its requests).</param>
    public ValueTask<FailureKind> Start(long deadline, CancellationToken cancellationToken, bool connectOnly = false)
    {
        FailureKind? done;
        lock (this)
        {
            _connectOnly = connectOnly;
            _deadline = deadline;
            _sent = 0;
            _outcome = FailureKind.None;
            _reader.Reset();
            if (_fd >= 0 && _sender.IdleTimeoutTicks > 0 && Stopwatch.GetTimestamp() - _idleSince > _sender.IdleTimeoutTicks)
            {
                CloseSocket();
            }

            if (_fd < 0)
            {
                done = Open();
            }
            else
            {
                _step = Step.Sending;
                done = Advance();
            }

            if (done is null && cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(static s => ((EpollConnection)s!).Cancel(), this);
            }
            else if (done is { } failed)
            {
                Finish(failed);
            }
        }

        if (done is { } outcome)
        {
            _sender.Release(this);
            return ValueTask.FromResult(outcome);
        }

        return new ValueTask<FailureKind>(this, _core.Version);
    }

    /// <summary>Events for this slot from the loop's thread; <paramref name="generation"/> tells which socket they were for.</summary>
    public void OnEvents(uint events, uint generation)
    {
        FailureKind? done;
        lock (this)
        {
            if (generation != _generation || _step == Step.Idle || (_step == Step.Connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0))
            {
                return;
            }

            done = _step == Step.Connecting ? Connected() ?? Advance() : Advance();
            if (done is { } d)
            {
                Finish(d);
            }
        }

        Complete(done);
    }

    /// <summary>Ends the request with ETIMEDOUT when its deadline has passed (the loop's sweep).</summary>
    public void Sweep(long now)
    {
        if (_step == Step.Idle || Volatile.Read(ref _deadline) > now)
        {
            return;
        }

        lock (this)
        {
            if (_step == Step.Idle || _deadline > now)
            {
                return;
            }

            Finish(FailureKind.ETIMEDOUT);
        }

        Complete(FailureKind.ETIMEDOUT);
    }

    /// <summary>Closes the socket (a pool's, at the end).</summary>
    public void Drop()
    {
        lock (this)
        {
            CloseSocket();
        }
    }

    private void Cancel()
    {
        Volatile.Write(ref _deadline, 0);
        _sender.Loop.Wake();
    }

    private FailureKind? Open()
    {
        if (!DescriptorGate.TryTake())
        {
            return FailureKind.EMFILE;
        }

        var destination = _sender.NextDestination();
        _fd = Socket(destination.Family);
        if (_fd < 0)
        {
            DescriptorGate.Return();
            return FailureClassifier.FromErrno(LastError);
        }

        _generation++;
        if (_sender.Request.Length > 0)
        {
            NoDelay(_fd);
        }

        var cpuBefore = _sender.SampleConnectCpu() ? ThreadCpuTime.Nanoseconds() : -1;
        var connected = Connect(_fd, destination) == 0;
        if (!connected && LastError is var error && error != EINPROGRESS)
        {
            _sender.OnConnectFailed(error, cpuBefore < 0 ? -1 : ThreadCpuTime.Nanoseconds() - cpuBefore);
            return FailureClassifier.FromErrno(error);
        }

        _step = Step.Connecting;
        Register(_sender.Loop.Epoll, _fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, (uint)_slot | ((ulong)_generation << 32));
        return connected ? Connected() ?? Advance() : null;
    }

    /// <summary>After connect() completed: its error, or the connection counted and its local end recorded.</summary>
    private FailureKind? Connected()
    {
        var error = PendingError(_fd);
        if (error != 0)
        {
            return FailureClassifier.FromErrno(error);
        }

        _sender.OnConnected(_fd);
        _step = _connectOnly ? Step.Closing : Step.Sending;
        return null;
    }

    /// <summary>Goes as far as the socket lets it without blocking; null: waiting for the next event.</summary>
    private FailureKind? Advance()
    {
        var request = _sender.Request;
        while (true)
        {
            switch (_step)
            {
                case Step.Sending:
                    for (nint n; _sent < request.Length; _sent += (int)n)
                    {
                        if ((n = Send(_fd, request.AsSpan(_sent))) < 0)
                        {
                            return WouldBlock();
                        }
                    }

                    if (request.Length > 0)
                    {
                        // The answer comes after what was just sent, so as an edge of its own: no recv() that would find nothing.
                        _step = Step.Receiving;
                        return null;
                    }

                    _step = Step.Closing;
                    break;
                case Step.Receiving:
                    for (FailureKind? verdict = null; verdict is null;)
                    {
                        var n = Receive(_fd, _buffer);
                        if (n < 0)
                        {
                            return WouldBlock();
                        }

                        if (n == 0)
                        {
                            // The server closed: the response ends here or was cut short; the socket goes either way.
                            return _reader.End();
                        }

                        verdict = _reader.Read(_buffer.AsSpan(0, (int)n));
                        _outcome = verdict ?? FailureKind.None;
                    }

                    _step = Step.Closing;
                    break;
                case Step.Closing when _sender.Pooled || _sender.CloseBy == CloseBy.Client:
                    return _outcome;
                case Step.Closing when _sender.CloseBy == CloseBy.Reset:
                    ArmReset(_fd);
                    return _outcome;
                case Step.Closing:
                    _step = Step.AwaitingClose;
                    break;
                default:
                    // Waiting for the server's FIN, so that the server is the side that closed first.
                    for (nint n; (n = Receive(_fd, _buffer)) != 0;)
                    {
                        if (n < 0)
                        {
                            return WouldBlock();
                        }
                    }

                    return _outcome;
            }
        }
    }

    private static FailureKind? WouldBlock() => LastError is var e && (e == EAGAIN || e == EINTR) ? null : FailureClassifier.FromErrno(e);

    /// <summary>Under the lock: the request is over; the socket closes unless it is a pool's and all went well.</summary>
    private void Finish(FailureKind outcome)
    {
        _cancellation.Dispose();
        _cancellation = default;
        // A pool keeps a connection whose response was read whole (its status may still be a failure) and may carry more.
        if (!_sender.Pooled || _step != Step.Closing || !_reader.KeepAlive)
        {
            CloseSocket();
        }
        else
        {
            _idleSince = Stopwatch.GetTimestamp();
        }

        _step = Step.Idle;
    }

    private void CloseSocket()
    {
        if (_fd >= 0)
        {
            _ = Close(_fd);
            _fd = -1;
            DescriptorGate.Return();
        }
    }

    private void Complete(FailureKind? done)
    {
        if (done is { } outcome)
        {
            _core.SetResult(outcome);
        }
    }

    public FailureKind GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            _sender.Release(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
