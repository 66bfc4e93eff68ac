using BenchmarkDotNet.Attributes;
using PortLoad.Planning;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Benchmarks;

/// <summary>
/// The simulator at fleet scale. A day of 100 instances at 10 new connections/s each behind the AWS NAT gateway
/// preset: 86.4 M connections, 1,000/s against the 917/s that 55,000 ports held 60 s sustain, so from 57 s on
/// about one SYN in twelve is dropped. Target (#27): under 10 s, memory flat in the duration. And
/// <c>portload plan</c> on the shipped fleet's default grid (2 strategies x 6 fleet sizes x 5 rates, 24 h each).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class FleetBenchmarks
{
    private const long Connections = 86_400_000;
    private Scenario _day = null!;
    private Scenario _fleet = null!;

    [GlobalSetup]
    public void Setup()
    {
        var parser = new ScenarioParser(ScenarioLimits.Simulation);
        _day = parser.Parse("""
            { "name": "fleet-day", "target": { "server": "embedded", "protocol": "tcp-echo" },
              "network": { "namespace": "isolated", "instances": 100 },
              "load": [ { "inject": { "rate": 10, "during": "24h" } } ],
              "strategies": [ { "name": "per-request", "connections": "per-request", "closeBy": "client" } ],
              "simulation": { "remoteTarget": true, "nat": "aws-nat-gateway" } }
            """, "benchmark");
        _fleet = parser.ParseFile(Path.Combine(RepoRoot(), "scenarios", "plan-fleet.json"));
    }

    /// <summary>Per 1,000 simulated connections.</summary>
    [Benchmark(OperationsPerInvoke = (int)(Connections / 1000))]
    public ScenarioRun SimulateADayOf100Instances()
    {
        var run = ScenarioSimulator.Run(_day, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch);
        return run.Summary.Strategies[0].Requests.Attempted == Connections ? run : throw new InvalidOperationException("wrong count");
    }

    [Benchmark]
    public FleetPlan PlanTheShippedFleet() =>
        FleetPlanner.Plan(_fleet, new PlanGrid([1, 10, 50, 100, 200], [1, 5, 10, 50], TimeSpan.FromHours(24)));

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PortLoad.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
