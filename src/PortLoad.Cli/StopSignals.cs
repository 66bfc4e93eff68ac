using System.Runtime.InteropServices;

namespace PortLoad.Cli;

/// <summary>
/// Ctrl+C (SIGINT), SIGTERM (timeout, docker stop, Kubernetes, CI cancellation) and SIGHUP (a closed
/// terminal) all ask the run to stop: requests in flight finish and the results are still written. A
/// second Ctrl+C ends the process at once, except while results are being written, which it never cuts short.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly bool _quiet;
    private readonly string _stopping;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;
    private volatile bool _writing;

    /// <param name="stopping">What stopping does, said on the first signal: a command that writes no results says so.</param>
    public StopSignals(CancellationToken outer, bool quiet = false, string stopping = "finishing requests in flight and writing results")
    {
        _quiet = quiet;
        _stopping = stopping;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that stopped the run; null while none has.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>The exit code of a run stopped early: 128 + the signal's number (130 for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP).</summary>
    public int ExitCode => Received switch
    {
        PosixSignal.SIGTERM => ExitCodes.Terminated,
        PosixSignal.SIGHUP => ExitCodes.HungUp,
        _ => ExitCodes.Cancelled,
    };

    /// <summary>While the returned scope lives, results are being written: no signal ends the process.</summary>
    public IDisposable Writing()
    {
        _writing = true;
        return new WritingScope(this);
    }

    internal void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            // A second Ctrl+C aborts, unless that would leave results half written.
            context.Cancel = _writing || context.Signal != PosixSignal.SIGINT;
            if (_writing && !_quiet)
            {
                Console.Error.WriteLine("Still writing the results; they are not cut short.");
            }

            return;
        }

        context.Cancel = true;
        Received = context.Signal;
        if (!_quiet)
        {
            var what = context.Signal == PosixSignal.SIGINT ? "Ctrl+C again to abort" : "Ctrl+C to abort";
            Console.Error.WriteLine($"Stopping ({context.Signal}): {_stopping} ({what})...");
        }

        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private sealed class WritingScope(StopSignals owner) : IDisposable
    {
        public void Dispose() => owner._writing = false;
    }
}
