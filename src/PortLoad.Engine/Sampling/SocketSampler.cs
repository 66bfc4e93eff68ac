using System.Net;

namespace PortLoad.Sampling;

/// <summary>
/// Counts the sockets to the target every interval while a strategy runs. A sample that is
/// still being taken when the next is due is not doubled up: the slow one is simply late.
/// </summary>
public sealed class SocketSampler : IDisposable
{
    private readonly ISocketStateCounter _counter;
    private readonly IReadOnlyList<IPEndPoint> _destinations;
    private readonly Action<SocketCounts> _onSample;
    private readonly LocalPorts? _own;
    private readonly ITimer _timer;
    private int _busy;

    /// <param name="own">The strategy's local ports, so sockets it did not open are counted apart; null: all are its own.</param>
    /// <param name="destinations">The server's ports, one or more: their counts are summed.</param>
    public SocketSampler(ISocketStateCounter counter, IReadOnlyList<IPEndPoint> destinations, TimeSpan interval, TimeProvider time, Action<SocketCounts> onSample, LocalPorts? own = null)
    {
        _counter = counter;
        _destinations = destinations;
        _onSample = onSample;
        _own = own;
        _timer = time.CreateTimer(_ => SampleNow(), null, interval, interval);
    }

    /// <summary>Takes a sample at once (also used for the first and the last one).</summary>
    public void SampleNow()
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            return;
        }

        try
        {
            var sum = _counter.Count(_destinations[0], _own);
            for (var i = 1; i < _destinations.Count; i++)
            {
                var more = _counter.Count(_destinations[i], _own);
                sum = sum with { TimeWait = sum.TimeWait + more.TimeWait, Established = sum.Established + more.Established, TimeWaitOthers = sum.TimeWaitOthers + more.TimeWaitOthers };
            }

            _onSample(sum);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Stops the timer and takes the last sample, after any sample still being taken.</summary>
    public void SampleFinal()
    {
        _timer.Dispose();
        SpinWait.SpinUntil(() => Volatile.Read(ref _busy) == 0);
        SampleNow();
    }

    public void Dispose() => _timer.Dispose();
}
