namespace PortLoad.Results;

/// <summary>
/// The back-of-the-envelope figures for a strategy: how many ports it has, how long each stays
/// taken after use, the rate that sustains, and what follows at the offered rate. The simulator
/// refines them; this is what a person would work out by hand, so reports show both.
/// </summary>
public sealed record Analysis(
    long PortSpace,
    double? HoldSeconds,
    double? SustainablePerSecond,
    double? OfferedPerSecond,
    double? FirstFailureSeconds,
    long TimeWaitPlateau,
    long FailuresExpected,
    PortLimit Limit);
