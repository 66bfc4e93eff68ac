using PortLoad.Scenarios;

namespace PortLoad.Recording;

/// <summary>
/// One strategy as the progress display follows it: its live figures, its port space, and what
/// earlier looks at it saw (for rates over the last second and the TIME_WAIT sparkline).
/// </summary>
public sealed class FollowedStrategy(StrategyOptions strategy, ILiveFigures figures, long portSpace)
{
    public const int HistoryLength = 16;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);
    private readonly Queue<Look> _looks = new();
    private readonly Queue<long> _timeWait = new();

    public StrategyOptions Strategy => strategy;

    public ILiveFigures Figures => figures;

    /// <summary>Source addresses x ports in the range: the 4-tuples open to one destination.</summary>
    public long PortSpace => portSpace;

    /// <summary>Ports held to the target now: TIME_WAIT + ESTABLISHED at the latest sample.</summary>
    public long PortsInUse => (figures.LastCounts?.TimeWait ?? 0) + (figures.LastCounts?.Established ?? 0);

    public bool Finished { get; private set; }

    /// <summary>How far into its run the strategy was at the latest look (a finished one's figures stop there).</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>TIME_WAIT at the latest looks, oldest first.</summary>
    public IReadOnlyCollection<long> TimeWaitHistory => _timeWait;

    public long TimeWaitPeak { get; private set; }

    /// <summary>Successful requests per second over about the last second.</summary>
    public double AchievedPerSecond { get; private set; }

    public double AttemptedPerSecond { get; private set; }

    public double RetriesPerSecond { get; private set; }

    /// <summary>Takes a last look: the strategy's run has ended.</summary>
    public void Finish()
    {
        if (!Finished)
        {
            Observe();
            Finished = true;
        }
    }

    /// <summary>Takes a look at the figures now: call it at a steady pace.</summary>
    public void Observe()
    {
        if (Finished)
        {
            return;
        }

        var look = new Look(figures.Elapsed, figures.Succeeded, figures.Attempted, figures.Retries);
        Elapsed = look.At;
        _looks.Enqueue(look);
        while (_looks.Count > 2 && look.At - _looks.Peek().At > RateWindow)
        {
            _looks.Dequeue();
        }

        var first = _looks.Peek();
        var seconds = (look.At - first.At).TotalSeconds;
        if (seconds > 0)
        {
            AchievedPerSecond = (look.Succeeded - first.Succeeded) / seconds;
            AttemptedPerSecond = (look.Attempted - first.Attempted) / seconds;
            RetriesPerSecond = (look.Retries - first.Retries) / seconds;
        }

        var timeWait = figures.LastCounts?.TimeWait ?? 0;
        TimeWaitPeak = Math.Max(TimeWaitPeak, timeWait);
        _timeWait.Enqueue(timeWait);
        if (_timeWait.Count > HistoryLength)
        {
            _timeWait.Dequeue();
        }
    }

    private readonly record struct Look(TimeSpan At, long Succeeded, long Attempted, long Retries);
}
