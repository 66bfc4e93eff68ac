using System.Net;
using System.Security.Cryptography.X509Certificates;
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
/// <param name="namespaceKind">The namespace the runner runs in, as results report it.</param>
/// <param name="serverPort">The embedded server's port; 0: any free one.</param>
/// <param name="warmUpPort">The port of the embedded server a per-request strategy warms up against; 0: any free one.</param>
public sealed class StrategyRunner(TimeProvider time, ISocketStateCounter counter, TimeSpan samplingInterval, int maxInFlight, NamespaceKind namespaceKind = NamespaceKind.Host, int serverPort = 0, int warmUpPort = 0) : IStrategyRunner
{
    /// <summary>The embedded servers share their ports with other processes' (SO_REUSEPORT): segments in one namespace.</summary>
    public bool SharedPorts { get; init; }

    /// <summary>Where the embedded server already runs (another namespace, behind a router); null: start one here.</summary>
    public IPEndPoint? ExternalServer { get; init; }

    /// <summary>Where a per-request strategy warms up against <see cref="ExternalServer"/>'s namespace; null: the server itself.</summary>
    public IPEndPoint? ExternalWarmUpServer { get; init; }

    public event Action<StrategyOptions, ILiveFigures>? Started;

    public async Task<StrategyRun> RunAsync(Scenario scenario, StrategyOptions strategy, CancellationToken stop)
    {
        if (ExternalServer is { } external)
        {
            var warmUp = ExternalWarmUpServer is { } warmUpEnd ? new Server(warmUpEnd, null) : null;
            return await RunAgainstAsync(new Server(external, null), warmUp, scenario, strategy, stop).ConfigureAwait(false);
        }

        if (!scenario.Target.Embedded)
        {
            var address = await ResolveAsync(scenario.Target, scenario.SourceAddresses, stop).ConfigureAwait(false);
            var ends = scenario.Target.HostPorts.Select(port => new IPEndPoint(address, port)).ToList();
            return await RunAgainstAsync(new Server(ends[0], null) { EndPoints = ends }, null, scenario, strategy, stop).ConfigureAwait(false);
        }

        var options = TestServers.OptionsFor(scenario, strategy) with { SharedPort = SharedPorts };
        var more = new List<ITestServer>();
        var server = await TestServers.StartAsync(scenario.Target.Protocol, new IPEndPoint(IPAddress.Loopback, serverPort), options).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            // listenPorts: the next ports (any free ones when the first was), each a server of its own.
            for (var i = 1; i < scenario.Target.ListenPorts; i++)
            {
                more.Add(await TestServers.StartAsync(scenario.Target.Protocol, new IPEndPoint(IPAddress.Loopback, serverPort == 0 ? 0 : serverPort + i), options).ConfigureAwait(false));
            }

            await using var moreScope = new AsyncDisposables(more).ConfigureAwait(false);
            IReadOnlyList<IPEndPoint> endPoints = [server.EndPoint, .. more.Select(m => m.EndPoint)];
            // Per-request warms up against a second server on another port, so it leaves no TIME_WAIT where it is measured,
            // and draws its delays from a chance of its own, so the measured server's are the model's from the first.
            var warmUpServer = scenario.WarmUp is null || strategy.Pooled ? null
                : await TestServers.StartAsync(scenario.Target.Protocol, new IPEndPoint(IPAddress.Loopback, warmUpPort), options with { Random = new SeededRandom(scenario.Seed()) }).ConfigureAwait(false);
            try
            {
                var warmUp = warmUpServer is null ? null : new Server(warmUpServer.EndPoint, warmUpServer.Certificate);
                return await RunAgainstAsync(new Server(server.EndPoint, server.Certificate, more.Count == 0 ? server.Census : null) { EndPoints = endPoints }, warmUp, scenario, strategy, stop).ConfigureAwait(false);
            }
            finally
            {
                if (warmUpServer is not null)
                {
                    await warmUpServer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A server to send to and, for the embedded one, its own TLS certificate, the only one accepted from it.</summary>
    /// <param name="Census">The embedded server's count of its clients; null: not counted (a host target's).</param>
    private sealed record Server(IPEndPoint EndPoint, X509Certificate2? Certificate, ConnectionCensus? Census = null)
    {
        /// <summary>Every port requests go to, round-robin; empty: <see cref="EndPoint"/> alone.</summary>
        public IReadOnlyList<IPEndPoint> EndPoints { get; init; } = [];
    }

    /// <summary>Disposes the servers of the further listen ports.</summary>
    private sealed class AsyncDisposables(List<ITestServer> servers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <param name="warmUpServer">Where a per-request strategy warms up; null: the measured server (a host target's).</param>
    private async Task<StrategyRun> RunAgainstAsync(Server server, Server? warmUpServer, Scenario scenario, StrategyOptions strategy, CancellationToken stop)
    {
        var endPoint = server.EndPoint;
        IReadOnlyList<IPEndPoint> destinations = server.EndPoints.Count > 0 ? server.EndPoints : [endPoint];
        var target = new ConnectionTarget(endPoint, scenario.Target.Protocol, scenario.Request, scenario.Target.Path)
        {
            EndPoints = destinations,
            SourceAddresses = scenario.SourceAddresses,
            Embedded = scenario.Target.Embedded,
            HostName = scenario.Target.Embedded ? "localhost" : scenario.Target.Host,
            PinnedCertificate = server.Certificate,
            InsecureSkipVerify = scenario.Target.Tls?.InsecureSkipVerify == true,
            Http2 = scenario.Target.Http2,
            OwnPorts = new LocalPorts(),
            BindPort = strategy.BindsPort,
            SourcePorts = strategy.SourcePorts,
            ReuseAddress = strategy.ReuseAddress,
        };
        var timeline = new LoadTimeline(scenario.Load);
        var interval = scenario.SamplingInterval ?? samplingInterval;

        // The horizon covers requests still ending after the last phase.
        var recorder = new RunRecorder(time, interval, timeline.Duration + scenario.LongestRequest(strategy) + interval);
        var plain = RequestSenders.Create(strategy, target);
        var sender = strategy.Resilience is { } resilience ? new ResilientSender(plain, resilience, time, new SeededRandom(scenario.Seed()), recorder) : plain;
        await using var senderScope = sender.ConfigureAwait(false);
        await sender.StartAsync(stop).ConfigureAwait(false);
        var warmUp = scenario.WarmUp is { } w
            ? await WarmUpAsync(w, strategy, plain, WarmUpTarget(target, warmUpServer), warmUpServer is null, stop).ConfigureAwait(false)
            : null;
        using var sampler = new SocketSampler(counter, destinations, interval, time, recorder.OnSample, target.OwnPorts);
        var asked = HoldMeter.Asked(scenario);
        var holder = asked > 0 ? new ConnectionHolder(target, strategy.CloseByOrDefault) : null;
        recorder.CountConnectionsWith(() => sender.ConnectionsOpened + (holder?.ConnectionsOpened ?? 0));
        // Those who follow the run first, then its clock: what they do at the start (a child's first report to its
        // parent serializes, compresses and writes: tens of milliseconds the first time) is not the first requests' wait.
        Started?.Invoke(strategy, recorder);
        sampler.SampleNow();
        recorder.Start();

        // A plain request ends within its timeout; a resilient one stops retrying when the run stops.
        var attemptStop = strategy.Resilience is null ? CancellationToken.None : stop;
        var hold = holder is null ? null : new HoldMeter(holder, server.Census, endPoint, asked, SharedPorts);
        await new LoadRunner(time, maxInFlight).RunAsync(timeline, recorder.StartTimestamp, () => sender.SendAsync(attemptStop), recorder, stop, hold?.Holding).ConfigureAwait(false);

        var elapsed = recorder.Elapsed;
        sampler.SampleFinal();
        var completed = !stop.IsCancellationRequested;
        var host = HostFactsReader.Read(@namespace: namespaceKind);
        var inForce = SettingsInForce.Read(host, scenario.SourceAddresses.Count, SettingsInForce.DestinationsFor(scenario, strategy)).For(strategy);
        var result = StrategySummarizer.Summarize(strategy, recorder, timeline, recorder.ConnectionsOpened, elapsed, completed, host, inForce)
            with { WarmUp = warmUp, Held = hold?.Result(inForce) };
        var rows = StrategySummarizer.Rows(strategy.Name, recorder, timeline, elapsed);
        result = result with { Calibration = StrategySummarizer.CalibrateRun(scenario, result, rows, recorder, sender.ExhaustedConnectCpu, host.EphemeralPortRange) };
        return new StrategyRun(result, rows) { LatencyHgrm = recorder.Latency.ToHgrm(), LatencyLog = recorder.Latency.ToLog() };
    }

    /// <summary>
    /// Where a per-request strategy's warm-up goes: <paramref name="warmUpServer"/> alone (none of the measured ports,
    /// which <see cref="ConnectionTarget.Destinations"/> would otherwise still name), or, without one, the target itself;
    /// with ports of its own, not the strategy's.
    /// </summary>
    private static ConnectionTarget WarmUpTarget(ConnectionTarget target, Server? warmUpServer) => warmUpServer is null
        ? target with { OwnPorts = null }
        : target with { EndPoint = warmUpServer.EndPoint, EndPoints = [], PinnedCertificate = warmUpServer.Certificate, OwnPorts = null };

    /// <summary>
    /// A pool warms up its own connections (the plain sender, so a resilience pipeline's tally stays clean);
    /// per-request, a sender of its own whose ports are not the strategy's, closing with RST: a warm-up leaves no
    /// TIME_WAIT, which would otherwise hold ports of a narrow range (bind()-chosen ports whatever the destination).
    /// </summary>
    private async Task<WarmUpFigures> WarmUpAsync(WarmUpOptions options, StrategyOptions strategy, IRequestSender plain, ConnectionTarget warmUpTarget, bool sameServer, CancellationToken stop)
    {
        if (strategy.Pooled)
        {
            return await WarmUp.RunAsync(options, plain, true, time, maxInFlight, stop).ConfigureAwait(false);
        }

        var sender = RequestSenders.Create(strategy with { CloseBy = CloseBy.Reset }, warmUpTarget);
        await using (sender.ConfigureAwait(false))
        {
            await sender.StartAsync(stop).ConfigureAwait(false);
            return await WarmUp.RunAsync(options, sender, sameServer, time, maxInFlight, stop).ConfigureAwait(false);
        }
    }

    /// <summary>The target's address; of the source addresses' family when there are any, since a connection's ends must match.</summary>
    private static async Task<IPAddress> ResolveAsync(TargetOptions target, IReadOnlyList<IPAddress> sources, CancellationToken stop)
    {
        if (IPAddress.TryParse(target.Host, out var address))
        {
            return address;
        }

        var addresses = await Dns.GetHostAddressesAsync(target.Host!, stop).ConfigureAwait(false);
        var usable = addresses.FirstOrDefault(a => sources.Count == 0 || a.AddressFamily == sources[0].AddressFamily)
                     ?? throw new InvalidOperationException($"{target.Host} has no address of the source addresses' family ({sources[0].AddressFamily}): {string.Join(", ", addresses.Select(a => a.ToString()))}");
        return usable;
    }
}
