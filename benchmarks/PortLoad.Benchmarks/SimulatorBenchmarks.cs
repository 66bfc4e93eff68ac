using BenchmarkDotNet.Attributes;
using PortLoad.Results;
using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Benchmarks;

/// <summary>
/// One simulated hour at 5,000 new connections/s (18 million connections) over the default Linux
/// range, to a loopback target (tcp_tw_reuse = 2 keeps it going) and to a remote one (exhausted after
/// 5.6 s, then every connect fails). Target: under 2 s, with memory that does not grow with connections.
/// With <see cref="Retrying"/>, a retry policy (3 attempts, 100 ms apart, on EADDRNOTAVAIL) puts every
/// attempt through the simulator's event queue: the cost of modelling a resilience pipeline.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class SimulatorBenchmarks
{
    private const long Connections = 18_000_000;
    private const string Retry = """, "resilience": { "retry": { "maxAttempts": 3, "delay": "100ms", "on": ["EADDRNOTAVAIL"] } }""";
    private Scenario _scenario = null!;

    [Params(false, true)]
    public bool RemoteTarget { get; set; }

    [Params(false, true)]
    public bool Retrying { get; set; }

    [GlobalSetup]
    public void Setup() => _scenario = new ScenarioParser(ScenarioLimits.Simulation).Parse($$"""
        { "name": "hour", "target": { "server": "embedded", "protocol": "tcp-echo" },
          "load": [ { "inject": { "rate": 5000, "during": "1h" } } ],
          "strategies": [ { "name": "per-request", "connections": "per-request"{{(Retrying ? Retry : "")}} } ],
          "sampling": { "interval": "1s" },
          "simulation": { "remoteTarget": {{(RemoteTarget ? "true" : "false")}} } }
        """, "benchmark");

    [Benchmark(OperationsPerInvoke = (int)(Connections / 1000))]
    public ScenarioRun SimulateOneHourAt5000PerSecond()
    {
        var run = ScenarioSimulator.Run(_scenario, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch);
        return run.Summary.Strategies[0].Requests.Attempted == Connections ? run : throw new InvalidOperationException("wrong count");
    }
}
