using System.Collections.Concurrent;

namespace PortLoad.Connections;

/// <summary>
/// Hands out cancellation sources that fire after the request timeout, reusing them so a busy
/// generator does not allocate one timer per request.
/// </summary>
internal sealed class TimeoutPool(TimeSpan timeout)
{
    private readonly ConcurrentQueue<CancellationTokenSource> _free = new();

    public CancellationTokenSource Rent()
    {
        if (!_free.TryDequeue(out var source))
        {
            source = new CancellationTokenSource();
        }

        source.CancelAfter(timeout);
        return source;
    }

    public void Return(CancellationTokenSource source)
    {
        if (source.TryReset())
        {
            _free.Enqueue(source);
        }
        else
        {
            source.Dispose();
        }
    }
}
