namespace PortLoad.Cli;

/// <summary>The first Ctrl+C asks the run to stop (results are still written); a second one ends the process.</summary>
public sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly bool _quiet;
    private int _presses;

    public CtrlC(CancellationToken outer, bool quiet = false)
    {
        _quiet = quiet;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => _stop.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref _presses) > 1)
        {
            return;
        }

        e.Cancel = true;
        if (!_quiet)
        {
            Console.Error.WriteLine("Stopping: finishing requests in flight and writing results (Ctrl+C again to abort)...");
        }

        _stop.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _stop.Dispose();
    }
}
