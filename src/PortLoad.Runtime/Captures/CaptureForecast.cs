using PortLoad.HostInfo;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Captures;

/// <summary>What the simulator says of one destination's observed load, had it gone on.</summary>
/// <param name="FirstFailureSeconds">When the first connection would fail, from an empty host; null: none within the horizon.</param>
public sealed record CaptureForecastRow(string Destination, double RatePerSecond, double HorizonSeconds, double? FirstFailureSeconds, FailureKind? FirstFailureKind, long TimeWaitPeak, StrategyRun Run);

/// <summary>
/// <c>diagnose --simulate</c>: the busiest destinations' observed new connections a second handed to the simulator,
/// on the capturing system's range, TIME_WAIT and tcp_tw_reuse (and the target counted remote unless it is loopback),
/// for two TIME_WAIT lengths: whether that rate, held, runs the space out and when, from an empty host. On Windows and
/// macOS, whose destinations share one space, the host's whole rate is one forecast.
/// </summary>
public static class CaptureForecast
{
    public const int Destinations = 3;

    public static IReadOnlyList<CaptureForecastRow> For(CaptureDiagnosis diagnosis, DiagnosedSnapshot snapshot)
    {
        var facts = diagnosis.Facts;
        var horizon = TimeSpan.FromSeconds(2 * facts.TimeWaitSeconds);
        if (diagnosis.SharedSpace)
        {
            return snapshot.ClientNewPerSecond > 0 ? [Simulate(diagnosis, "all destinations", snapshot.ClientNewPerSecond, loopback: false, horizon)] : [];
        }

        return [.. snapshot.Destinations.Where(d => d.NewPerSecond > 0).Take(Destinations)
            .Select(d => Simulate(diagnosis, d.Destination, d.NewPerSecond, CaptureDiagnosis.TowardsLoopback(d), horizon))];
    }

    private static CaptureForecastRow Simulate(CaptureDiagnosis diagnosis, string destination, double rate, bool loopback, TimeSpan horizon)
    {
        var facts = diagnosis.Facts;
        var strategy = new StrategyOptions { Name = "observed", Connections = ConnectionMode.PerRequest, CloseBy = CloseBy.Client };
        var scenario = new Scenario
        {
            Name = $"diagnose {destination}",
            Target = new TargetOptions { Host = loopback ? "127.0.0.1" : "192.0.2.1", Port = 443 },
            Load = [new InjectPhase(rate, horizon)],
            Strategies = [strategy],
            WarmUp = null,
            Simulation = new SimulationOptions
            {
                Os = OsDefaults.Of(facts.Os),
                EphemeralPortRange = facts.EphemeralPortRange,
                TimeWaitSeconds = facts.TimeWaitSeconds,
                TcpTwReuse = facts.TcpTwReuse,
                RemoteTarget = !loopback,
            },
        };
        var run = ScenarioSimulator.Simulate(scenario, strategy, SimulatedHost.For(scenario, strategy: strategy), TimeSpan.FromSeconds(1));
        return new CaptureForecastRow(destination, rate, horizon.TotalSeconds, run.Result.FirstFailureSeconds, run.Result.FirstFailureKind, run.Result.TimeWait.Peak, run);
    }
}
