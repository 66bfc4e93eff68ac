using System.Net;
using PortLoad.Connections;
using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Resilience;
using PortLoad.Results;
using PortLoad.Sampling;
using PortLoad.Scenarios;
using PortLoad.Server;

namespace PortLoad.Runs;

/// <summary>
/// Runs the whole load of a scenario with one strategy: starts a fresh embedded server (so every
/// strategy starts from the same state), drives the load, samples sockets, and sums it up.
/// </summary>
/// <param name="namespaceName">The namespace the runner runs in, as results report it: "host" or "isolated".</param>
/// <param name="serverPort">The embedded server's port; 0: any free one.</param>
public sealed class StrategyRunner(TimeProvider time, ISocketStateCounter counter, TimeSpan samplingInterval, int maxInFlight, string namespaceName = "host", int serverPort = 0) : IStrategyRunner
{
    public event Action<StrategyOptions, ILiveFigures>? Started;

    public async Task<StrategyRun> RunAsync(Scenario scenario, StrategyOptions strategy, CancellationToken stop)
    {
        if (!scenario.Target.Embedded)
        {
            var endPoint = await ResolveAsync(scenario.Target, scenario.SourceAddresses, stop).ConfigureAwait(false);
            return await RunAgainstAsync(endPoint, scenario, strategy, stop).ConfigureAwait(false);
        }

        var options = TestServers.OptionsFor(strategy, scenario.Request, scenario.Target);
        var server = await TestServers.StartAsync(scenario.Target.Protocol, new IPEndPoint(IPAddress.Loopback, serverPort), options).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            return await RunAgainstAsync(server.EndPoint, scenario, strategy, stop, server.Certificate).ConfigureAwait(false);
        }
    }

    /// <param name="certificate">The embedded server's own TLS certificate, the only one accepted from it.</param>
    private async Task<StrategyRun> RunAgainstAsync(IPEndPoint endPoint, Scenario scenario, StrategyOptions strategy, CancellationToken stop, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var target = new ConnectionTarget(endPoint, scenario.Target.Protocol, scenario.Request, scenario.Target.Path)
        {
            SourceAddresses = scenario.SourceAddresses,
            Embedded = scenario.Target.Embedded,
            HostName = scenario.Target.Embedded ? "localhost" : scenario.Target.Host,
            PinnedCertificate = certificate,
            InsecureSkipVerify = scenario.Target.Tls?.InsecureSkipVerify == true,
            Http2 = scenario.Target.Http2,
            OwnPorts = new LocalPorts(),
        };
        var timeline = new LoadTimeline(scenario.Load);
        var interval = scenario.SamplingInterval ?? samplingInterval;

        // The horizon covers requests still ending after the last phase.
        var recorder = new RunRecorder(time, interval, timeline.Duration + scenario.LongestRequest(strategy) + interval);
        var sender = RequestSenders.Create(strategy, target);
        if (strategy.Resilience is { } resilience)
        {
            sender = new ResilientSender(sender, resilience, time, recorder);
        }

        await using var senderScope = sender.ConfigureAwait(false);
        await sender.StartAsync(stop).ConfigureAwait(false);
        using var sampler = new SocketSampler(counter, endPoint, interval, time, recorder.OnSample, target.OwnPorts);
        recorder.Start();
        sampler.SampleNow();
        Started?.Invoke(strategy, recorder);

        // A plain request ends within its timeout; a resilient one stops retrying when the run stops.
        var attemptStop = strategy.Resilience is null ? CancellationToken.None : stop;
        await new LoadRunner(time, maxInFlight).RunAsync(timeline, recorder.StartTimestamp, () => sender.SendAsync(attemptStop), recorder, stop).ConfigureAwait(false);

        var elapsed = recorder.Elapsed;
        sampler.SampleFinal();
        var completed = !stop.IsCancellationRequested;
        var host = HostFactsReader.Read(@namespace: namespaceName);
        var result = StrategySummarizer.Summarize(strategy, recorder, timeline, sender.ConnectionsOpened, elapsed, completed, host, SettingsInForce.Read(host, scenario.SourceAddresses.Count))
            with { Calibration = StrategySummarizer.Calibrate(sender.ExhaustedConnectCpu, host.EphemeralPortRange) };
        return new StrategyRun(result, StrategySummarizer.Rows(strategy.Name, recorder, timeline, elapsed));
    }

    /// <summary>The target's address; of the source addresses' family when there are any, since a connection's ends must match.</summary>
    private static async Task<IPEndPoint> ResolveAsync(TargetOptions target, IReadOnlyList<IPAddress> sources, CancellationToken stop)
    {
        if (IPAddress.TryParse(target.Host, out var address))
        {
            return new IPEndPoint(address, target.Port!.Value);
        }

        var addresses = await Dns.GetHostAddressesAsync(target.Host!, stop).ConfigureAwait(false);
        var usable = addresses.FirstOrDefault(a => sources.Count == 0 || a.AddressFamily == sources[0].AddressFamily)
                     ?? throw new InvalidOperationException($"{target.Host} has no address of the source addresses' family ({sources[0].AddressFamily}): {string.Join(", ", addresses.Select(a => a.ToString()))}");
        return new IPEndPoint(usable, target.Port!.Value);
    }
}
