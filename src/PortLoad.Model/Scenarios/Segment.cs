using System.Globalization;

namespace PortLoad.Scenarios;

/// <summary>
/// The i-th of N equal shares of a scenario's load (<c>--segment i/N</c>, i from 0), for a run split across
/// processes or machines whose results <c>portload merge</c> adds up: rates divided by N, closed-model copies and
/// held connections dealt out (the first segments take one more where they do not divide), pauses kept, so every
/// segment's timeline has the same phases at the same times.
/// </summary>
public sealed record Segment(int Index, int Count)
{
    /// <summary>The whole load: one segment of one.</summary>
    public static readonly Segment Whole = new(0, 1);

    public bool IsWhole => Count == 1;

    /// <summary>"1/3" for the second of three, as <c>--segment</c> takes it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Reads "i/N" (0 &lt;= i &lt; N &lt;= 1000); null with <paramref name="error"/> saying what is wrong.</summary>
    public static Segment? Parse(string text, out string? error)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= 1000 && index < count)
        {
            error = null;
            return new Segment(index, count);
        }

        error = $"--segment takes i/N, the i-th (from 0) of N shares, 1 <= N <= 1000 and i < N, e.g. 0/3 (got \"{text}\")";
        return null;
    }

    /// <summary>This segment's share of <paramref name="scenario"/>'s load.</summary>
    public Scenario Of(Scenario scenario) => IsWhole ? scenario : scenario.WithLoad([.. scenario.Load.Select(Of)]);

    private LoadPhase Of(LoadPhase phase) => phase switch
    {
        InjectPhase p => p with { Rate = p.Rate / Count },
        RampInjectPhase p => p with { From = p.From / Count, To = p.To / Count },
        KeepConstantPhase p => Share(p.Copies) is var copies and > 0 ? p with { Copies = copies } : new PausePhase(p.During),
        HoldPhase p => Share(p.Connections) is var held and > 0
            ? new HoldPhase(held, p.OpenRate * held / p.Connections, p.Hold)
            : new PausePhase(p.During),
        _ => phase,
    };

    /// <summary>
    /// The load of <paramref name="copies"/> copies of the scenario's client at once (instances behind a router, as the
    /// simulator models them: one client with their addresses together): rates, copies and held connections times N.
    /// </summary>
    public static Scenario Copies(Scenario scenario, int copies) => copies == 1 ? scenario : scenario.WithLoad([.. scenario.Load.Select(phase => phase switch
    {
        InjectPhase p => p with { Rate = p.Rate * copies },
        RampInjectPhase p => p with { From = p.From * copies, To = p.To * copies },
        KeepConstantPhase p => p with { Copies = p.Copies * copies },
        HoldPhase p => new HoldPhase(p.Connections * copies, p.OpenRate * copies, p.Hold),
        _ => phase,
    })]);

    /// <summary>This segment's part of <paramref name="whole"/> items dealt out one by one.</summary>
    public int Share(int whole) => (whole / Count) + (Index < whole % Count ? 1 : 0);
}
