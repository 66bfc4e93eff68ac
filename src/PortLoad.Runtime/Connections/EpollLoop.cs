using System.Diagnostics;

namespace PortLoad.Connections;

/// <summary>
/// One thread waiting in epoll_wait for every connection of a sender, edge-triggered, each socket registered
/// once. Events go to their <see cref="EpollConnection"/> (a slot and a generation in the event's data, so an
/// event fetched for a socket closed in the same batch never reaches the slot's next one); every 10 ms the
/// thread also ends the requests past their deadline. A request's continuation runs on this thread, so a
/// closed-model loop starts its next connection here, as the C epoll client does.
/// </summary>
internal sealed class EpollLoop : IDisposable
{
    private const ulong WakeData = ulong.MaxValue;
    private static readonly long SweepTicks = Stopwatch.Frequency / 100;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly object _grow = new();
    private volatile EpollConnection[] _slots = new EpollConnection[64];
    private int _count;
    private volatile bool _stopping;
    private bool _closeOnExit;

    public EpollLoop()
    {
        _epoll = EpollInterop.EpollCreate(0x80000);
        _wake = EpollInterop.EventFd(0, 0x80000 | 0x800);
        if (_epoll < 0 || _wake < 0)
        {
            throw new System.Net.Sockets.SocketException(EpollInterop.LastError);
        }

        _ = EpollInterop.Register(_epoll, _wake, EpollInterop.EPOLLIN, WakeData);
        _thread = new Thread(Run) { IsBackground = true, Name = "PortLoad epoll" };
        _thread.Start();
    }

    public int Epoll => _epoll;

    /// <summary>Adds a connection to the slots; its index goes into its events' data.</summary>
    public int Add(EpollConnection connection)
    {
        lock (_grow)
        {
            if (_count == _slots.Length)
            {
                var bigger = new EpollConnection[_slots.Length * 2];
                Array.Copy(_slots, bigger, _count);
                _slots = bigger;
            }

            _slots[_count] = connection;
            return _count++;
        }
    }

    /// <summary>Makes the thread sweep now (a request cancelled from outside).</summary>
    public void Wake() => EpollInterop.Wake(_wake);

    private void Run()
    {
        Span<EpollInterop.EpollEvent> events = stackalloc EpollInterop.EpollEvent[256];
        var nextSweep = Stopwatch.GetTimestamp() + SweepTicks;
        while (!_stopping)
        {
            var n = EpollInterop.Wait(_epoll, events, 10);
            var slots = _slots;
            for (var i = 0; i < n; i++)
            {
                var data = events[i].Data;
                if (data == WakeData)
                {
                    EpollInterop.Drain(_wake);
                    nextSweep = 0;
                    continue;
                }

                slots[(int)(uint)data]?.OnEvents(events[i].Events, (uint)(data >> 32));
            }

            var now = Stopwatch.GetTimestamp();
            if (now >= nextSweep)
            {
                nextSweep = now + SweepTicks;
                var count = Volatile.Read(ref _count);
                slots = _slots;
                for (var i = 0; i < count; i++)
                {
                    slots[i]?.Sweep(now);
                }
            }
        }

        if (_closeOnExit)
        {
            Close();
        }
    }

    /// <summary>Stops the thread; from the thread itself (a last request's continuation), once the current batch is done.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (Thread.CurrentThread == _thread)
        {
            _closeOnExit = true;
            return;
        }

        Wake();
        _thread.Join();
        Close();
    }

    private void Close()
    {
        _ = EpollInterop.Close(_wake);
        _ = EpollInterop.Close(_epoll);
    }
}
