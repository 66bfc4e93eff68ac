using PortLoad.Scenarios;

namespace PortLoad.Load;

/// <summary>
/// The load profile laid out on one time axis before the run starts: when each phase begins and,
/// for rate-based phases, exactly when each request is due. Laying it out first means the
/// schedule is known (and testable) independently of how fast the target answers.
/// </summary>
public sealed class LoadTimeline
{
    public LoadTimeline(IReadOnlyList<LoadPhase> phases)
    {
        var slots = new List<TimelineSlot>(phases.Count);
        var start = TimeSpan.Zero;
        foreach (var phase in phases)
        {
            slots.Add(new TimelineSlot(phase, start));
            start += phase.During;
        }

        Slots = slots;
        Duration = start;
    }

    public IReadOnlyList<TimelineSlot> Slots { get; }

    public TimeSpan Duration { get; }

    /// <summary>The offered request rate at <paramref name="time"/>; null inside a closed-model phase.</summary>
    public double? OfferedRateAt(TimeSpan time)
    {
        foreach (var slot in Slots)
        {
            if (time >= slot.Start && time < slot.End)
            {
                return slot.Phase.OfferedRateAt(time - slot.Start);
            }
        }

        return 0;
    }

    /// <summary>How many requests open-model phases schedule in [from, to).</summary>
    public long ScheduledBetween(TimeSpan from, TimeSpan to)
    {
        long count = 0;
        foreach (var slot in Slots)
        {
            var a = Clamp(from - slot.Start, slot.Phase.During);
            var b = Clamp(to - slot.Start, slot.Phase.During);
            if (b > a)
            {
                count += RateSchedule.CountBefore(slot.Phase, b) - RateSchedule.CountBefore(slot.Phase, a);
            }
        }

        return count;
    }

    private static TimeSpan Clamp(TimeSpan t, TimeSpan max) => t < TimeSpan.Zero ? TimeSpan.Zero : t > max ? max : t;
}

public sealed record TimelineSlot(LoadPhase Phase, TimeSpan Start)
{
    public TimeSpan End => Start + Phase.During;

    /// <summary>Requests (or, in a hold phase, connections) the phase schedules: 0 for closed-model phases and pauses.</summary>
    public long Scheduled => RateSchedule.CountBefore(Phase, Phase.During);

    /// <summary>When request <paramref name="index"/> of the phase is due, from the start of the load.</summary>
    public TimeSpan DueAt(long index) => Start + RateSchedule.DueAt(Phase, index);

    /// <summary><see cref="DueAt"/> in seconds, for the simulator's millions of requests.</summary>
    public double DueSeconds(long index) => Start.TotalSeconds + RateSchedule.DueSeconds(Phase, index);
}
