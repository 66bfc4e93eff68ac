using System.Text;

namespace PortLoad.Cli.Output;

/// <summary>
/// What a live page's open pages are sent, encoded once per update whatever the number of pages: the latest figures
/// as one event, and each chart as an event of its own (<c>event: chart</c>) that a page is sent again only when the
/// chart changed. A page that is behind skips to the latest update: it never queues old ones.
/// </summary>
internal sealed class LiveFeed
{
    private readonly Lock _lock = new();
    private Update _latest = new(0, [], []); // Nothing to send: a page waits for the first update.
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One update: its sequence number, the figures' event, and every chart's latest event.</summary>
    internal sealed record Update(long Sequence, byte[] Figures, IReadOnlyList<ChartEvent> Charts);

    /// <summary>A chart's event; <see cref="Version"/> is the update that last changed it.</summary>
    internal sealed record ChartEvent(string Key, long Version, string Json, byte[] Bytes);

    public Update Latest => Volatile.Read(ref _latest);

    /// <summary>
    /// Publishes <paramref name="figuresJson"/> and the charts, by key. A chart passed as the same string as before
    /// (by reference: the caller passes again a chart it has not redrawn) keeps its version, so no page is sent it again.
    /// </summary>
    public void Publish(string figuresJson, IReadOnlyList<(string Key, string Json)> charts)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            var sequence = _latest.Sequence + 1;
            var previous = _latest.Charts.ToDictionary(c => c.Key);
            var events = charts.Select(c => previous.TryGetValue(c.Key, out var was) && ReferenceEquals(was.Json, c.Json)
                ? was
                : new ChartEvent(c.Key, sequence, c.Json, Event("chart", c.Json))).ToList();
            Volatile.Write(ref _latest, new Update(sequence, Event(null, figuresJson), events));
            released = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.SetResult();
    }

    /// <summary>The first update after <paramref name="sequence"/>: the latest at once if it is newer, else the next.</summary>
    public async Task<Update> NextAsync(long sequence, CancellationToken token)
    {
        Task next;
        lock (_lock)
        {
            if (_latest.Sequence > sequence)
            {
                return _latest;
            }

            next = _next.Task;
        }

        await next.WaitAsync(token).ConfigureAwait(false);
        return Latest;
    }

    private static byte[] Event(string? name, string json) =>
        Encoding.UTF8.GetBytes(name is null ? $"data: {json}\n\n" : $"event: {name}\ndata: {json}\n\n");
}
