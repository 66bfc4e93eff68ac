using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>Simulates every strategy of a scenario and sums it up as a "simulated" run: the same summary.json and timeseries.csv as a measured one.</summary>
public static class ScenarioSimulator
{
    public static ScenarioRun Run(Scenario scenario, TimeSpan defaultInterval, DateTimeOffset startedAt)
    {
        var host = SimulatedHost.For(scenario);
        var interval = IntervalFor(scenario, defaultInterval);
        var runs = scenario.Strategies.Select(s => Simulate(scenario, s, SimulatedHost.For(scenario, strategy: s), interval)).ToList();
        var summary = RunSummaries.Create(
            scenario,
            RunMode.Simulated,
            host.LoopbackTarget ? "loopback (modelled)" : "remote (modelled)",
            host.LoopbackTarget,
            host.Facts,
            runs.Select(r => r.Result).ToList(),
            startedAt,
            interval);
        return new ScenarioRun(summary, runs.SelectMany(r => r.Rows).ToList())
        {
            LatencyHgrm = runs.Where(r => r.LatencyHgrm is not null).ToDictionary(r => r.Result.Name, r => r.LatencyHgrm!),
            LatencyLog = runs.Where(r => r.LatencyLog is not null).ToDictionary(r => r.Result.Name, r => r.LatencyLog!),
        };
    }

    /// <summary>At most this many rows a strategy: a week at a row a second would be 600,000 of them.</summary>
    public const int MaxRows = 3_600;

    /// <summary>
    /// The interval a simulated run is sampled at: the scenario's (or the default), widened to whole seconds where its
    /// load would take more than <see cref="MaxRows"/> of them, so that a day's memory is an hour's. First failures,
    /// counts and latencies stay exact; only the time series is coarser.
    /// </summary>
    public static TimeSpan IntervalFor(Scenario scenario, TimeSpan defaultInterval)
    {
        var interval = scenario.SamplingInterval ?? defaultInterval;
        var duration = new LoadTimeline(scenario.Load).Duration;
        return duration / interval <= MaxRows ? interval : TimeSpan.FromSeconds(Math.Ceiling(duration.TotalSeconds / MaxRows));
    }

    public static StrategyRun Simulate(Scenario scenario, StrategyOptions strategy, SimulatedHost host, TimeSpan interval)
    {
        // Instances behind a router: their loads together, from their addresses together (the host counts them), and
        // their pools together: each instance keeps a pool of its own.
        var instances = scenario.Network.Instances;
        scenario = Segment.Copies(scenario, instances);
        strategy = strategy.Connections == ConnectionMode.Pooled && instances > 1 ? strategy with { PoolSize = strategy.PoolSizeOrDefault * instances } : strategy;
        return new StrategySimulation(scenario, strategy, host, interval).Run();
    }

    /// <summary>The prediction for a strategy that was measured, on the settings that were in force for it.</summary>
    public static StrategyRun Predict(Scenario scenario, StrategyOptions strategy, StrategyResult measured, TimeSpan interval) =>
        Simulate(scenario, strategy, SimulatedHost.For(scenario, measured.Host, strategy), interval);

    /// <summary>
    /// A measured run's own prediction (its summary's <c>predicted</c>): <see cref="Predict"/> priced with the connect()
    /// costs that very strategy measured, where it measured them (<see cref="StrategyResult.Calibration"/>), which the
    /// prediction then carries as its own <c>calibration</c>, so that reports can say so.
    /// </summary>
    public static StrategyRun PredictSelfCalibrated(Scenario scenario, StrategyOptions strategy, StrategyResult measured, TimeSpan interval)
    {
        if (measured.Calibration is not { } own)
        {
            return Predict(scenario, strategy, measured, interval);
        }

        var run = Predict(Calibrated(scenario, own), strategy, measured, interval);
        return run with { Result = run.Result with { Calibration = own } };
    }

    /// <summary>
    /// The connect() costs a measured run observed, the mean over its strategies that measured them: the per-probe cost
    /// and, from a closed-model run, the times per failed attempt and per connection; null when none did: only runs
    /// that failed with EADDRNOTAVAIL measure them.
    /// </summary>
    public static Calibration? MeasuredCosts(RunSummary measured)
    {
        var costs = measured.Strategies.Where(s => s.Calibration is not null).Select(s => s.Calibration!).ToList();
        return costs.Count == 0 ? null : new Calibration(costs.Sum(c => c.FailingConnectsSampled), costs.Average(c => c.FailingConnectCpuMicroseconds), costs.Average(c => c.PerProbeNanoseconds))
        {
            FailedAttemptMicroseconds = Mean(costs.Select(c => c.FailedAttemptMicroseconds)),
            LoopConnectMicroseconds = Mean(costs.Select(c => c.LoopConnectMicroseconds)),
        };

        static double? Mean(IEnumerable<double?> values) => values.OfType<double>().ToList() is { Count: > 0 } known ? known.Average() : null;
    }

    /// <summary>The scenario priced with <paramref name="costs"/> a run measured, wherever it measured them.</summary>
    public static Scenario Calibrated(Scenario scenario, Calibration costs)
    {
        var options = scenario.Simulation ?? new SimulationOptions();
        return scenario with
        {
            Simulation = options with
            {
                PerProbeNanoseconds = costs.PerProbeNanoseconds,
                FailedConnectMicroseconds = costs.FailedAttemptMicroseconds ?? options.FailedConnectMicroseconds,
                LoopConnectMicroseconds = costs.LoopConnectMicroseconds ?? options.LoopConnectMicroseconds,
            },
        };
    }

    /// <summary>
    /// The scenario priced with a host's costs (<c>simulate --calibrate</c>'s) wherever it leaves them unset: a per-probe
    /// cost of 0, no failed-attempt or loop cost. What it sets itself stays.
    /// </summary>
    public static Scenario WithHostCosts(Scenario scenario, Calibration host)
    {
        var options = scenario.Simulation ?? new SimulationOptions();
        return scenario with
        {
            Simulation = options with
            {
                PerProbeNanoseconds = options.PerProbeNanoseconds > 0 ? options.PerProbeNanoseconds : host.PerProbeNanoseconds,
                FailedConnectMicroseconds = options.FailedConnectMicroseconds ?? host.FailedAttemptMicroseconds,
                LoopConnectMicroseconds = options.LoopConnectMicroseconds ?? host.LoopConnectMicroseconds,
            },
        };
    }

    /// <summary>Scenario fields the simulator does not model, for a notice: they are ignored, not errors.</summary>
    public static IReadOnlyList<string> IgnoredFields(Scenario scenario)
    {
        var ignored = new List<string>();
        if (scenario.Request.PayloadBytes != ScenarioConstants.PayloadBytes)
        {
            ignored.Add("request.payloadBytes (the model has no bytes, only connections; see simulation.serviceTime)");
        }

        if (!scenario.Target.Embedded)
        {
            ignored.Add("target.host/port (nothing is sent; the target counts as loopback or remote, see simulation.remoteTarget)");
        }

        if (scenario.Network.Isolated)
        {
            ignored.Add("network.namespace (the model is a namespace of its own; its range and tcpTwReuse are used)");
        }

        return ignored;
    }
}
