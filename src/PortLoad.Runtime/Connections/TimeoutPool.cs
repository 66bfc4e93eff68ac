using System.Collections.Concurrent;

namespace PortLoad.Connections;

/// <summary>
/// Hands out cancellation sources that fire after the request timeout, reusing them so a busy
/// generator does not allocate one timer per request.
/// </summary>
internal sealed class TimeoutPool(TimeSpan timeout)
{
    private readonly ConcurrentQueue<CancellationTokenSource> _free = new();

    /// <summary>A token that fires after the request timeout, or earlier when <paramref name="attempt"/> does (a resilience timeout).</summary>
    public Lease Rent(CancellationToken attempt)
    {
        if (!_free.TryDequeue(out var source))
        {
            source = new CancellationTokenSource();
        }

        source.CancelAfter(timeout);
        var link = attempt.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source);
        return new Lease(this, source, link);
    }

    private void Return(CancellationTokenSource source)
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

    internal readonly struct Lease(TimeoutPool pool, CancellationTokenSource source, CancellationTokenRegistration link) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            link.Dispose();
            pool.Return(source);
        }
    }
}
