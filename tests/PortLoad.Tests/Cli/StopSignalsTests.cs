using System.Runtime.InteropServices;
using PortLoad.Cli;

namespace PortLoad.Tests.Cli;

/// <summary>The decisions behind each signal, fed contexts directly (no signal is sent to the test host).</summary>
[NonParallelizable]
public class StopSignalsTests
{
    [TestCase(PosixSignal.SIGINT, ExitCodes.Cancelled)]
    [TestCase(PosixSignal.SIGTERM, ExitCodes.Terminated)]
    [TestCase(PosixSignal.SIGHUP, ExitCodes.HungUp)]
    public void FirstSignal_StopsTheRun_AndKeepsTheProcess(PosixSignal signal, int exitCode)
    {
        using var signals = new StopSignals(CancellationToken.None, quiet: true);
        var context = new PosixSignalContext(signal);

        signals.OnSignal(context);

        Assert.That((context.Cancel, signals.Token.IsCancellationRequested, signals.ExitCode), Is.EqualTo((true, true, exitCode)));
    }

    // Regression: watch said "writing results" on Ctrl+C, and it writes none.
    [Test]
    [NonParallelizable]
    public void FirstSignal_SaysWhatStoppingDoes()
    {
        var error = new StringWriter();
        var before = Console.Error;
        Console.SetError(error);
        try
        {
            using var signals = new StopSignals(CancellationToken.None, stopping: "ending the watch");
            signals.OnSignal(new PosixSignalContext(PosixSignal.SIGTERM));
        }
        finally
        {
            Console.SetError(before);
        }

        Assert.That(error.ToString(), Is.EqualTo($"Stopping (SIGTERM): ending the watch (Ctrl+C to abort)...{Environment.NewLine}"));
    }

    [Test]
    public void SecondCtrlC_AbortsAtOnce()
    {
        using var signals = new StopSignals(CancellationToken.None, quiet: true);
        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGINT));
        var second = new PosixSignalContext(PosixSignal.SIGINT);

        signals.OnSignal(second);

        Assert.That(second.Cancel, Is.False, "the default action ends the process");
    }

    // Regression: a second Ctrl+C while results were written left <out>.partial-PID with a 0-byte summary.json.tmp.
    [Test]
    public void SecondCtrlC_WhileResultsAreWritten_IsIgnored()
    {
        using var signals = new StopSignals(CancellationToken.None, quiet: true);
        signals.OnSignal(new PosixSignalContext(PosixSignal.SIGINT));
        var duringWrite = new PosixSignalContext(PosixSignal.SIGINT);
        var afterWrite = new PosixSignalContext(PosixSignal.SIGINT);

        using (signals.Writing())
        {
            signals.OnSignal(duringWrite);
        }

        signals.OnSignal(afterWrite);

        Assert.That((duringWrite.Cancel, afterWrite.Cancel), Is.EqualTo((true, false)));
        Assert.That(signals.Received, Is.EqualTo(PosixSignal.SIGINT), "the first signal decides the exit code");
    }
}
