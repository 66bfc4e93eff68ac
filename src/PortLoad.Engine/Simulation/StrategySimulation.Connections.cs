using PortLoad.Scenarios;

namespace PortLoad.Simulation;

/// <summary>A new connection: its port search on the client's CPU, the NAT, the server's answer, and how running out shows.</summary>
internal sealed partial class StrategySimulation
{
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

        if (double.IsNaN(at))
        {
            return (FailureKind.None, double.NaN); // its SYN is sent again later (Retransmit)
        }

        return Answered(due, at + Service(), source, port);
    }

    /// <summary>
    /// A request due at <paramref name="due"/> and answered at <paramref name="done"/>: done then, or timed out first. Its
    /// connection ends with the answer either way, its port and NAT mapping held until then; one that timed out leaves
    /// no TIME_WAIT: the client closed first, and the server's late answer met a reset.
    /// </summary>
    private (FailureKind Outcome, double At) Answered(double due, double done, int source, int port)
    {
        var timedOut = done - due > _timeout;
        _closing.Enqueue((source, port, timedOut), done);
        return timedOut ? (FailureKind.ETIMEDOUT, due + _timeout) : (FailureKind.None, done);
    }

    /// <summary>
    /// A new connection's connect(), due at <paramref name="due"/>: a port (its search on the client's CPU, so a slow
    /// one delays the next), then the NAT. Connected at <c>At</c>, or the failure and when it showed; <c>At</c> NaN:
    /// the NAT dropped the SYN and its retransmits are events.
    /// </summary>
    private (FailureKind? Failure, double At, int Source, int Port) Open(double due)
    {
        var cpu = _cpuFree.Length == 1 ? 0 : (_ports.NextSpace / _host.InForce.Destinations) % _cpuFree.Length;
        var start = Math.Max(due, _cpuFree[cpu]);
        if (start > due)
        {
            ProcessUntil(start);
        }

        var (source, port, probes) = _ports.Connect(_random);
        var connected = start + AttemptCost(port, probes);
        _cpuFree[cpu] = connected;
        if (port < 0)
        {
            return (OutOfPorts, connected, source, port);
        }

        var through = _nat is null ? 0 : ThroughNat(due, connected, source, port);
        if (through is double.NaN)
        {
            return (null, double.NaN, source, port);
        }

        if (through is null)
        {
            // The NAT drops every SYN: connect() retries until the request times out.
            _ports.Close(source, port, connected, clientHoldsTimeWait: false);
            return (FailureKind.ETIMEDOUT, due + _timeout, source, port);
        }

        _opened++;
        return (null, connected + through.Value, source, port);
    }

    /// <summary>
    /// CPU time of one connect attempt: the base cost and the ports probed, or, for a failed one where a closed-model run
    /// calibrated it, the machine's measured time per failed attempt (the exception and every core included). In a
    /// closed model calibrated against the embedded server, the base cost is the machine's whole time per connection.
    /// </summary>
    private double AttemptCost(int port, int probes) =>
        port < 0 && _failedCost is { } failed ? failed : (LoopCost ?? _connectCost) + (probes * _probeCost);

    /// <summary>A calibrated closed model's time per connection, inside a <c>keepConstant</c> phase; null elsewhere.</summary>
    private double? LoopCost => _inLoop ? _loopCost : null;

    /// <summary>
    /// How long the server takes with one request: the target's response delay when it has one. Nothing else where a
    /// closed model's connection cost was calibrated: the embedded server's work is in it, on the same cores.
    /// </summary>
    private double Service()
    {
        var service = LoopCost is null ? _service : 0;
        return _delay is { } delay ? service + delay.Draw(_delays).TotalSeconds : service;
    }
}
