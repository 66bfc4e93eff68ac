using PortLoad.Connections;
using PortLoad.Runs;
using PortLoad.Sampling;

namespace PortLoad.Isolation;

/// <summary>A child process's live figures, as its latest progress line gave them.</summary>
internal sealed class ChildFigures : ILiveFigures
{
    private volatile ChildProgress _latest = new(0, 0, 0, [], null, null);

    public TimeSpan Elapsed => TimeSpan.FromSeconds(_latest.Elapsed);

    public long Attempted => _latest.Attempted;

    public long Succeeded => _latest.Succeeded;

    public long Failed => _latest.Failures.Values.Sum();

    public SocketCounts? LastCounts => _latest.TimeWait is { } tw ? new SocketCounts(tw, _latest.Established ?? 0, tw) : null;

    public long Failures(FailureKind kind) => _latest.Failures.GetValueOrDefault(kind.ToString());

    public long Retries => _latest.Retries;

    public TimeSpan? P99 => _latest.P99Ms is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    public void Update(ChildProgress progress) => _latest = progress;
}
