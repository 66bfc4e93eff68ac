namespace PortLoad.Isolation;

/// <summary>
/// A child's standard input as the line to its parent: the parent keeps the pipe open and never writes to it, so its
/// end (the parent gone, however it died, SIGKILL included) is what stops the child's load.
/// </summary>
public static class ParentPipe
{
    /// <summary>Cancels <paramref name="orphaned"/> when <paramref name="input"/> reaches its end, watched on a thread of its own.</summary>
    public static void StopWhenClosed(TextReader input, CancellationTokenSource orphaned) =>
        // Console.In reads synchronously whatever the method's name: the watch gets a thread of its own.
        new Thread(() => Watch(input, orphaned)) { IsBackground = true, Name = "parent watch" }.Start();

    private static void Watch(TextReader input, CancellationTokenSource orphaned)
    {
        try
        {
            while (input.ReadLine() is not null)
            {
                // The parent says nothing more; only the end of the pipe matters.
            }
        }
        catch (IOException)
        {
            // A broken pipe is the same news.
        }

        try
        {
            orphaned.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run had ended and let go of its token: nothing to stop.
        }
    }
}
