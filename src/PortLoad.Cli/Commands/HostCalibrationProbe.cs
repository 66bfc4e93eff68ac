using System.Text.Json;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Cli.Commands;

/// <summary>
/// <c>simulate --calibrate</c>: measures this host's connect() costs on a closed model that runs out of ports (4 loops
/// against the embedded server on a 300-port range, tcp_tw_reuse 0, in a namespace of its own, the default warm-up,
/// 3 s), three times, and keeps the median of each cost; plain <c>simulate</c> then prices what a scenario leaves unset
/// with them, rather than with the kernel's probe alone.
/// </summary>
internal static class HostCalibrationProbe
{
    public const int Runs = 3;

    private const string Probe = """
        { "name": "host-calibration", "target": { "server": "embedded", "protocol": "tcp-echo" },
          "network": { "namespace": "isolated", "ephemeralPortRange": [40000, 40299], "tcpTwReuse": 0 },
          "load": [ { "keepConstant": { "copies": 4, "during": "3s" } } ],
          "request": { "payloadBytes": 16, "timeout": "1s" },
          "strategies": [ { "name": "probe", "connections": "per-request", "closeBy": "client" } ],
          "sampling": { "interval": "100ms" } }
        """;

    /// <summary>Where the probe's scenario and its runs' results are kept, under the results folder.</summary>
    public static string RunsIn(string resultsDirectory) => Path.Combine(resultsDirectory, "host-calibration-runs");

    /// <summary>
    /// Runs the probe <paramref name="runs"/> times, each as <c>portload run</c> in a process of its own, as a user's run is
    /// (<see cref="RunProcess"/>). Null, said on <paramref name="errors"/>, when a run did not run out of ports.
    /// </summary>
    /// <param name="runs">How many runs to take the median of.</param>
    public static async Task<HostCalibration?> MeasureAsync(string resultsDirectory, Action<int> starting, Action<int, Calibration> measuredOne, TextWriter errors, CancellationToken stop, int runs = Runs)
    {
        var folder = RunsIn(resultsDirectory);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "probe.json");
        await File.WriteAllTextAsync(file, Probe, stop).ConfigureAwait(false);
        var costs = new List<Calibration>();
        StrategyResult? last = null;
        for (var run = 1; run <= runs; run++)
        {
            starting(run);
            var output = Path.Combine(folder, Invariant.Format($"run-{run}"));
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            last = (await RunProcess.RunAsync(file, output, stop).ConfigureAwait(false))?.Strategies.SingleOrDefault();
            if (last?.Calibration is not { FailedAttemptMicroseconds: not null, LoopConnectMicroseconds: not null } measured)
            {
                var what = last is null ? $"wrote no results (see {output}.log)"
                    : $"did not run out of ports as the probe must ({last.Requests.Failed:N0} failed, first failure {(last.FirstFailureSeconds is { } f ? Invariant.Format($"{f} s") : "none")})";
                errors.WriteLine($"simulate --calibrate: probe run {run} {what}; nothing saved");
                return null;
            }

            costs.Add(measured);
            measuredOne(run, measured);
        }

        var calibration = new Calibration(costs.Sum(c => c.FailingConnectsSampled), Median(costs, c => c.FailingConnectCpuMicroseconds), Median(costs, c => c.PerProbeNanoseconds))
        {
            FailedAttemptMicroseconds = Median(costs, c => c.FailedAttemptMicroseconds!.Value),
            LoopConnectMicroseconds = Median(costs, c => c.LoopConnectMicroseconds!.Value),
        };
        return new HostCalibration(TimeProvider.System.GetUtcNow(), last!.Host.Kernel, last.Host.ProcessorCount, runs, calibration);
    }

    public static string PathIn(string resultsDirectory) => Path.Combine(resultsDirectory, HostCalibration.FileName);

    public static void Save(HostCalibration calibration, string resultsDirectory)
    {
        Directory.CreateDirectory(resultsDirectory);
        File.WriteAllText(PathIn(resultsDirectory), JsonSerializer.Serialize(calibration, ResultJson.Options));
    }

    /// <summary>The saved calibration, or null when there is none; a file that does not read is said on <paramref name="errors"/> and ignored.</summary>
    public static HostCalibration? Load(string resultsDirectory, TextWriter errors)
    {
        var path = PathIn(resultsDirectory);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<HostCalibration>(File.ReadAllText(path), ResultJson.Options) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            errors.WriteLine($"notice: {path} does not read ({e.Message}); simulating without the host's calibration (simulate --calibrate measures it again)");
            return null;
        }
    }

    private static double Median(List<Calibration> costs, Func<Calibration, double> cost) => costs.Select(cost).Order().ElementAt(costs.Count / 2);
}
