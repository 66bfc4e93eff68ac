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
/// </summary>
internal sealed class StrategySimulation
{
    private readonly StrategyOptions _strategy;
    private readonly string _destination;
    private readonly SimulatedHost _host;
    private readonly LoadTimeline _timeline;
    private readonly VirtualClock _clock = new();
    private readonly RunRecorder _recorder;
    private readonly ClientPorts _ports;
    private readonly NatTable? _nat;
    private readonly Random _random;
    private readonly PriorityQueue<(int Source, int Port), double> _closing = new();
    private readonly PriorityQueue<int, double> _pool = new();
    private readonly List<(int Source, int Port, double OpenedAt)> _poolConnections = [];
    private readonly PriorityQueue<Pending, double> _pending = new();
    private readonly RetryOptions? _retry;
    private readonly BreakerModel? _breaker;
    private readonly double _interval;
    private readonly double _timeout;
    private readonly double _service;
    private readonly ResponseDelay? _delay;
    private readonly double _connectCost;
    private readonly double _probeCost;
    private readonly double? _failedCost;
    private double _nextSample;
    private double _cpuFree;
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
        _connectCost = host.Options.ConnectMicroseconds * 1e-6;
        _probeCost = host.Options.PerProbeNanoseconds * 1e-9;
        _failedCost = host.Options.FailedConnectMicroseconds * 1e-6;
        _recorder = new RunRecorder(_clock, interval, _timeline.Duration + scenario.LongestRequest(strategy) + interval, singleThreaded: true);
        _ports = new ClientPorts(host.PortSpaces, strategy.SourcePorts?.Size ?? host.Range.Size, host.TimeWaitSeconds, host.ReuseApplies && !strategy.BindsPort, host.Options.MaxTimeWaitBuckets, _random, fixedCycle: strategy.SourcePorts is not null, takeOverTimeWait: strategy.ReuseAddress);
        _nat = host.Options.Nat is { } nat ? new NatTable(nat, _random) : null;
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
                var count = RateSchedule.CountBefore(slot.Phase, slot.Phase.During);
                for (long k = 0; k < count; k++)
                {
                    var due = start + RateSchedule.DueSeconds(slot.Phase, k);
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

                break;
            case KeepConstantPhase keep when Resilient:
                for (var c = 0; c < keep.Copies; c++)
                {
                    _pending.Enqueue(new Pending(VirtualClock.Ticks(start), 1, slot.End.TotalSeconds, FailureKind.None), start);
                }

                Drain(slot.End.TotalSeconds);
                break;
            case KeepConstantPhase keep:
                // Closed model: each copy sends its next request when the last one ends.
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

                break;
            case HoldPhase hold:
                var connections = RateSchedule.CountBefore(hold, hold.During);
                for (long k = 0; k < connections; k++)
                {
                    Hold(start + RateSchedule.DueSeconds(hold, k), slot.End.TotalSeconds);
                }

                break;
        }
    }

    /// <summary>What the hold phases reached in the model: the ceiling per source address is the range; no memory figures.</summary>
    private HeldConnections? Held()
    {
        var asked = _timeline.Slots.Select(s => s.Phase).OfType<HoldPhase>().Select(h => (long)h.Connections).DefaultIfEmpty(0).Max();
        return asked == 0 ? null : new HeldConnections(
            asked, _peakHeld, _destination, _host.Range.Size, _host.SourceAddresses,
            double.IsNaN(_lastHeld) ? null : _lastHeld - _firstHoldDue, null, null);
    }

    /// <summary>A hold phase's connection due at <paramref name="due"/>, open (if it gets a port) until <paramref name="release"/>.</summary>
    private void Hold(double due, double release)
    {
        ProcessUntil(due);
        var (failure, at, source, port) = Open(due);
        if (failure is null)
        {
            _closing.Enqueue((source, port), Math.Max(release, at));
            _peakHeld = Math.Max(_peakHeld, _ports.Connected);
            _lastHeld = at;
        }

        if (double.IsNaN(_firstHoldDue))
        {
            _firstHoldDue = due;
        }

        var scheduled = VirtualClock.Ticks(due);
        _recorder.OnAttempt(scheduled);
        _clock.Set(at);
        _recorder.OnCompleted(scheduled, failure ?? FailureKind.None);
        _lastDone = Math.Max(_lastDone, at);
    }

    /// <summary>A request due at <paramref name="due"/>; returns when it ended.</summary>
    private double Arrive(double due)
    {
        ProcessUntil(due);
        var (outcome, done) = _strategy.Pooled ? Pooled(due) : PerRequest(due);
        var scheduled = VirtualClock.Ticks(due);
        _recorder.OnAttempt(scheduled);
        _clock.Set(done);
        _recorder.OnCompleted(scheduled, outcome);
        _lastDone = Math.Max(_lastDone, done);
        return done;
    }

    private bool Resilient => _retry is not null || _breaker is not null;

    /// <summary>Handles attempts starting and ending up to <paramref name="limit"/>, in time order.</summary>
    private void Drain(double limit)
    {
        while (_pending.TryPeek(out var pending, out var at) && at <= limit)
        {
            _pending.Dequeue();
            if (pending.Ended)
            {
                AttemptEnded(pending, at);
            }
            else
            {
                StartAttempt(pending, at);
            }
        }
    }

    private void StartAttempt(Pending request, double at)
    {
        ProcessUntil(at);
        if (request.Attempt == 1)
        {
            _recorder.OnAttempt(request.Scheduled);
        }

        if (_breaker is not null && !_breaker.TryPass(at))
        {
            Finish(request with { Attempt = request.Attempt - 1, Outcome = FailureKind.CircuitOpen }, at);
            return;
        }

        var (outcome, done) = _strategy.Pooled ? Pooled(at) : PerRequest(at);
        _pending.Enqueue(request with { Outcome = outcome, Ended = true }, done);
    }

    private void AttemptEnded(Pending request, double at)
    {
        ProcessUntil(at);
        _clock.Set(at);
        if (_breaker?.Record(request.Outcome != FailureKind.None, at) == true)
        {
            _recorder.OnBreakerOpened();
        }

        if (_retry is { } retry && retry.Retries(request.Attempt, request.Outcome))
        {
            var delay = retry.DelayBefore(request.Attempt, _random);
            _recorder.OnRetry(delay);
            _pending.Enqueue(request with { Attempt = request.Attempt + 1, Ended = false }, at + delay.TotalSeconds);
            return;
        }

        Finish(request, at);
    }

    private void Finish(Pending request, double at)
    {
        _clock.Set(at);
        _recorder.OnCompleted(request.Scheduled, request.Outcome);
        _recorder.OnRequestEnded(request.Attempt, request.Outcome, _retry?.Exhausted(request.Attempt, request.Outcome) == true);
        _lastDone = Math.Max(_lastDone, at);
        if (at < request.CopyEnd)
        {
            // A closed-model copy sends its next request as soon as this one ends.
            _pending.Enqueue(new Pending(VirtualClock.Ticks(at), 1, request.CopyEnd, FailureKind.None), at);
        }
    }

    /// <summary>
    /// Whether a connection gets through the NAT, and how late: a dropped SYN is sent again after 1, 3, 7, 15 s (Linux's
    /// SYN retransmits) while the request has time, and a Linux NAT searches afresh for each (a cloud NAT's full pool
    /// stays full that briefly). Null: every SYN was dropped.
    /// </summary>
    /// <param name="spent">Time already gone since the request was due.</param>
    private double? ThroughNat(double spent)
    {
        if (_nat!.TryAcquire())
        {
            return 0;
        }

        if (_host.Options.Nat is not { Linux: true })
        {
            return null;
        }

        for (var retransmit = 1.0; spent + retransmit < _timeout; retransmit = (2 * retransmit) + 1)
        {
            if (_nat.TryAcquire())
            {
                return retransmit;
            }
        }

        return null;
    }

    /// <summary>How running out of ports shows: a fixed port bound with SO_REUSEADDR in connect() (EADDRNOTAVAIL: its old 4-tuple lingers), in bind() (EADDRINUSE), in Windows' connect() (WSAENOBUFS), else in connect() (EADDRNOTAVAIL, macOS's errno 49 too).</summary>
    private FailureKind OutOfPorts =>
        _strategy.SourcePorts is not null && _strategy.ReuseAddress ? FailureKind.EADDRNOTAVAIL
        : _strategy.BindsPort ? FailureKind.EADDRINUSE
        : _host.Options.Os == OsDefaults.Windows ? FailureKind.ENOBUFS
        : FailureKind.EADDRNOTAVAIL;

    private (FailureKind, double) PerRequest(double due)
    {
        var (failure, at, source, port) = Open(due);
        if (failure is { } failed)
        {
            return (failed, at);
        }

        var done = at + Service();
        _closing.Enqueue((source, port), done);
        return done - due > _timeout ? (FailureKind.ETIMEDOUT, due + _timeout) : (FailureKind.None, done);
    }

    /// <summary>
    /// A new connection's connect(), due at <paramref name="due"/>: a port (its search on the client's CPU, so a slow
    /// one delays the next), then the NAT. Connected at <c>At</c>, or the failure and when it showed.
    /// </summary>
    private (FailureKind? Failure, double At, int Source, int Port) Open(double due)
    {
        var start = Math.Max(due, _cpuFree);
        if (start > due)
        {
            ProcessUntil(start);
        }

        var (source, port, probes) = _ports.Connect(_random);
        var connected = start + AttemptCost(port, probes);
        _cpuFree = connected;
        if (port < 0)
        {
            return (OutOfPorts, connected, source, port);
        }

        var through = _nat is null ? 0 : ThroughNat(connected - due);
        if (through is null)
        {
            // The NAT drops every SYN: connect() retries until the request times out.
            _ports.Close(source, port, connected, clientHoldsTimeWait: false);
            return (FailureKind.ETIMEDOUT, due + _timeout, source, port);
        }

        _opened++;
        return (null, connected + through.Value, source, port);
    }

    private (FailureKind, double) Pooled(double due)
    {
        if (!_pool.TryPeek(out var connection, out var free))
        {
            return (OutOfPorts, due);
        }

        // The request waits for the first connection to come free.
        var start = Math.Max(due, free);
        if (start - due >= _timeout)
        {
            return (FailureKind.ETIMEDOUT, due + _timeout);
        }

        if (_strategy.ConnectionLifetime is { } lifetime && start - _poolConnections[connection].OpenedAt >= lifetime.TotalSeconds)
        {
            // The pool replaces a connection past its lifetime: the old one closes (the client first), a new one opens.
            var old = _poolConnections[connection];
            _ports.Close(old.Source, old.Port, start, clientHoldsTimeWait: true);
            var (source, port, _) = _ports.Connect(_random);
            if (port < 0)
            {
                _pool.Dequeue();
                return (OutOfPorts, start);
            }

            _opened++;
            _poolConnections[connection] = (source, port, start);
        }

        var done = start + Service();
        _pool.DequeueEnqueue(connection, done);
        return (FailureKind.None, done);
    }

    /// <summary>
    /// CPU time of one connect attempt: the base cost and the ports probed, or, for a failed one where a closed-model run
    /// calibrated it, the machine's measured time per failed attempt (the exception and every core included).
    /// </summary>
    private double AttemptCost(int port, int probes) =>
        port < 0 && _failedCost is { } failed ? failed : _connectCost + (probes * _probeCost);

    /// <summary>How long the server takes with one request: the target's response delay when it has one.</summary>
    private double Service() => _delay is { } delay ? _service + delay.Draw(_random).TotalSeconds : _service;

    private void OpenPool()
    {
        for (var i = 0; i < _strategy.PoolSizeOrDefault; i++)
        {
            var (source, port, _) = _ports.Connect(_random);
            _poolConnections.Add((source, port, 0));
            if (port >= 0 && (_nat is null || _nat.TryAcquire()))
            {
                _opened++;
                _pool.Enqueue(i, 0);
            }
        }
    }

    /// <summary>Applies closes, TIME_WAIT changes, NAT releases and samples due up to <paramref name="now"/>, in time order.</summary>
    private void ProcessUntil(double now)
    {
        while (true)
        {
            var closing = _closing.TryPeek(out _, out var closeAt) ? closeAt : double.PositiveInfinity;
            var change = Math.Min(_ports.NextChange, _nat?.NextChange ?? double.PositiveInfinity);
            var next = Math.Min(closing, change);
            if (next <= now && next <= _nextSample)
            {
                if (closing <= change)
                {
                    var (source, port) = _closing.Dequeue();
                    _ports.Close(source, port, closing, clientHoldsTimeWait: _strategy.ClientHoldsTimeWait);
                    _nat?.Release(closing);
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

    /// <summary>
    /// A request's attempt, starting or (<paramref name="Ended"/>) ending with <paramref name="Outcome"/>;
    /// <paramref name="CopyEnd"/> is when its closed-model copy stops sending (NaN in an open model).
    /// </summary>
    private readonly record struct Pending(long Scheduled, int Attempt, double CopyEnd, FailureKind Outcome, bool Ended = false);

    private void Sample(double at)
    {
        _clock.Set(at);
        _recorder.OnSample(new SocketCounts(_ports.TimeWait, _ports.Connected, _ports.TimeWait));
    }
}
