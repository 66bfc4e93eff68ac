using PortLoad.HostInfo;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Sampling;
using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>
/// A discrete-event run of one strategy: requests arrive as the load phases say; each per-request
/// connect takes a port from <see cref="ClientPorts"/> (and the NAT), costs CPU time that grows with
/// the ports it probed, and closes after the service time, leaving TIME_WAIT where the client closed
/// first. A pool opens its connections once. Figures go into the same <see cref="RunRecorder"/> a real
/// run uses, driven by a virtual clock, so both produce the same summary and time series.
/// With a resilience pipeline, attempts and their outcomes become events in time order, so that
/// retries after their backoff and the circuit breaker see the same sequence a real run would.
/// One file per facet: this one (phases, time, samples), <c>.Connections</c> (a new connection: ports, NAT, answer),
/// <c>.Retransmits</c> (SYNs a NAT dropped, sent again), <c>.Pool</c>, <c>.Hold</c> and <c>.Retries</c> (the resilience pipeline).
/// </summary>
internal sealed partial class StrategySimulation
{
    private readonly StrategyOptions _strategy;
    private readonly string _destination;
    private readonly SimulatedHost _host;
    private readonly LoadTimeline _timeline;
    private readonly VirtualClock _clock = new();
    private readonly RunRecorder _recorder;
    private readonly ClientPorts _ports;
    private readonly NatGateway? _nat;
    private readonly Random _random;
    // Reset: the request timed out before its answer; the client closed first, and the answer then met a reset: no TIME_WAIT.
    private readonly PriorityQueue<(int Source, int Port, bool Reset), double> _closing = new();
    private readonly PriorityQueue<int, double> _pool = new();
    private readonly List<(int Source, int Port, double OpenedAt)> _poolConnections = [];
    private readonly PriorityQueue<Pending, double> _pending = new();
    private readonly RetryOptions? _retry;
    private readonly BreakerModel? _breaker;
    private readonly double _interval;
    private readonly double _timeout;
    private readonly double _service;
    private readonly ResponseDelay? _delay;
    // The server's own draws: seeded as the embedded server seeds its delays, and drawn as requests reach it, so the
    // model meets the run's very answers, not others from the same distribution.
    private readonly Random _delays;
    private readonly double _connectCost;
    private readonly double _probeCost;
    private readonly double? _failedCost;
    private readonly double? _loopCost;   // a closed model's connection, both ends on the shared cores (embedded server)
    private bool _inLoop;
    private double _nextSample;
    private readonly double[] _cpuFree;   // when each CPU is free again: one, or one per instance (a fleet's machines)
    private double _lastDone;
    private long _opened;
    private long _peakHeld;
    private double _firstHoldDue = double.NaN;
    private double _lastHeld = double.NaN;

    public StrategySimulation(Scenario scenario, StrategyOptions strategy, SimulatedHost host, TimeSpan interval)
    {
        _strategy = strategy;
        _host = host;
        _destination = scenario.Target.Embedded ? "embedded server" : Invariant.Format($"{scenario.Target.Host}:{scenario.Target.Port}");
        _timeline = new LoadTimeline(scenario.Load);
        _random = new Random(host.Options.Seed);
        _interval = interval.TotalSeconds;
        _timeout = Math.Min(scenario.Request.Timeout.TotalSeconds, strategy.Resilience?.Timeout?.TotalSeconds ?? double.MaxValue);
        _retry = strategy.Resilience?.Retry;
        _breaker = strategy.Resilience?.CircuitBreaker is { } breaker ? new BreakerModel(breaker) : null;
        _service = host.Options.ServiceTime.TotalSeconds;
        _delay = scenario.Target.ResponseDelay;
        _delays = new SeededRandom(host.Options.Seed);
        _connectCost = host.Options.ConnectMicroseconds * 1e-6;
        _probeCost = host.Options.PerProbeNanoseconds * 1e-9;
        _failedCost = host.Options.FailedConnectMicroseconds * 1e-6;
        _loopCost = scenario.Target.Embedded ? host.Options.LoopConnectMicroseconds * 1e-6 : null;
        _recorder = new RunRecorder(_clock, interval, _timeline.Duration + scenario.LongestRequest(strategy) + interval, singleThreaded: true);
        _ports = new ClientPorts(host.PortSpaces, strategy.SourcePorts?.Size ?? host.Range.Size, host.TimeWaitSeconds, host.ReuseApplies && !strategy.BindsPort, host.Options.MaxTimeWaitBuckets, _random, fixedCycle: strategy.SourcePorts is not null, takeOverTimeWait: strategy.ReuseAddress);
        _cpuFree = new double[host.CpuPerInstance ? host.Instances : 1];
        _nat = host.Options.Nat is { } nat ? new NatGateway(nat, scenario.Network.Instances, host.InForce.Destinations, _random, host.Syns) : null;
    }

    public StrategyRun Run()
    {
        _recorder.Start();
        Sample(0);
        _nextSample = _interval;
        if (_strategy.Pooled)
        {
            OpenPool();
        }

        foreach (var slot in _timeline.Slots)
        {
            RunSlot(slot);
        }

        Drain(double.PositiveInfinity);
        while (_syns.Count > 0)
        {
            ProcessUntil(NextRetransmit);
        }

        var end = Math.Max(_timeline.Duration.TotalSeconds, _lastDone);
        ProcessUntil(end);
        Sample(end);
        _clock.Set(end);
        var elapsed = TimeSpan.FromSeconds(end);
        var result = StrategySummarizer.Summarize(_strategy, _recorder, _timeline, _opened, elapsed, completed: true, _host.Facts, _host.InForce)
            with { Held = Held() };
        return new StrategyRun(result, StrategySummarizer.Rows(_strategy.Name, _recorder, _timeline, elapsed)) { LatencyHgrm = _recorder.Latency.ToHgrm(), LatencyLog = _recorder.Latency.ToLog() };
    }

    private void RunSlot(TimelineSlot slot)
    {
        var start = slot.Start.TotalSeconds;
        switch (slot.Phase)
        {
            case InjectPhase or RampInjectPhase:
                _synEvents = !Resilient;
                var count = slot.Scheduled;
                for (long k = 0; k < count; k++)
                {
                    var due = slot.DueSeconds(k);
                    if (Resilient)
                    {
                        Drain(due);
                        StartAttempt(new Pending(VirtualClock.Ticks(due), 1, double.NaN, FailureKind.None), due);
                    }
                    else
                    {
                        Arrive(due);
                    }
                }

                _synEvents = false;
                break;
            case KeepConstantPhase keep when Resilient:
                _inLoop = true;
                for (var c = 0; c < keep.Copies; c++)
                {
                    _pending.Enqueue(new Pending(VirtualClock.Ticks(start), 1, slot.End.TotalSeconds, FailureKind.None), start);
                }

                Drain(slot.End.TotalSeconds);
                _inLoop = false;
                break;
            case KeepConstantPhase keep:
                // Closed model: each copy sends its next request when the last one ends.
                _inLoop = true;
                var copies = new PriorityQueue<int, double>();
                for (var c = 0; c < keep.Copies; c++)
                {
                    copies.Enqueue(c, start);
                }

                var end = slot.End.TotalSeconds;
                while (copies.TryPeek(out var copy, out var at) && at < end)
                {
                    copies.DequeueEnqueue(copy, Arrive(at));
                }

                _inLoop = false;
                break;
            case HoldPhase:
                var connections = slot.Scheduled;
                for (long k = 0; k < connections; k++)
                {
                    Hold(slot.DueSeconds(k), slot.End.TotalSeconds);
                }

                break;
        }
    }

    /// <summary>A request due at <paramref name="due"/>; returns when it ended.</summary>
    private double Arrive(double due)
    {
        ProcessUntil(due);
        var (outcome, done) = _strategy.Pooled ? Pooled(due) : PerRequest(due);
        var scheduled = VirtualClock.Ticks(due);
        _recorder.OnAttempt(scheduled);
        if (double.IsNaN(done))
        {
            return done; // it ends when a retransmitted SYN gets through or the request times out
        }

        Complete(scheduled, outcome, done);
        return done;
    }

    /// <summary>The request scheduled at <paramref name="scheduled"/> ended at <paramref name="done"/> with <paramref name="outcome"/>.</summary>
    private void Complete(long scheduled, FailureKind outcome, double done)
    {
        _clock.Set(done);
        _recorder.OnCompleted(scheduled, outcome);
        _lastDone = Math.Max(_lastDone, done);
    }

    /// <summary>Applies closes, TIME_WAIT changes, NAT releases, SYNs sent again and samples due up to <paramref name="now"/>, in time order.</summary>
    private void ProcessUntil(double now)
    {
        while (true)
        {
            var closing = _closing.TryPeek(out _, out var closeAt) ? closeAt : double.PositiveInfinity;
            var change = Math.Min(_ports.NextChange, _nat?.NextChange ?? double.PositiveInfinity);
            var retransmit = NextRetransmit;
            var next = Math.Min(Math.Min(closing, change), retransmit);
            if (next <= now && next <= _nextSample)
            {
                // At one instant, ports freed first: a SYN sent again then finds them.
                if (retransmit < closing && retransmit < change)
                {
                    Retransmit(retransmit);
                }
                else if (closing <= change)
                {
                    var (source, port, reset) = _closing.Dequeue();
                    _ports.Close(source, port, closing, clientHoldsTimeWait: _strategy.ClientHoldsTimeWait && !reset);
                    _nat?.Release(source, closing);
                }
                else
                {
                    _ports.Advance(change);
                    _nat?.Advance(change);
                }
            }
            else if (_nextSample <= now)
            {
                Sample(_nextSample);
                _nextSample += _interval;
            }
            else
            {
                return;
            }
        }
    }

    private void Sample(double at)
    {
        _clock.Set(at);
        _recorder.OnSample(new SocketCounts(_ports.TimeWait, _ports.Connected, _ports.TimeWait));
    }
}
