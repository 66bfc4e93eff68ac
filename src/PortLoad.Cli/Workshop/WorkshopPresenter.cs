using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using PortLoad.Isolation;

namespace PortLoad.Cli.Workshop;

/// <summary>
/// Steps through the workshop: one step at a time, each run by a <c>portload run --web</c> of its own (or a
/// <c>simulate</c>) whose live page the presenter's page shows, and which stops when the presenter moves on or
/// goes away. Moving to a step runs it; running it again keeps the earlier results beside the new ones.
/// </summary>
internal sealed class WorkshopPresenter(IReadOnlyList<WorkshopStep> steps, string root, string results, int livePort, ChildCommand command) : IAsyncDisposable
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UpWithin = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _moving = new(1, 1);
    private int _runs;
    private Process? _process;

    /// <summary>The step shown now, its run's results folder, and whether its page is up; null before the first step.</summary>
    public WorkshopState? State { get; private set; }

    /// <summary>Told whenever <see cref="State"/> changes.</summary>
    public event Action<WorkshopState>? Changed;

    /// <summary>The next step; at the last, nothing.</summary>
    public Task NextAsync() => MoveAsync(at => at + 1 < steps.Count ? at + 1 : null);

    /// <summary>The step before; at the first, nothing.</summary>
    public Task PreviousAsync() => MoveAsync(at => at > 0 ? at - 1 : null);

    public Task RunAgainAsync() => MoveAsync(at => at);

    /// <summary>Stops the step that runs, if any, and runs step <paramref name="index"/> (kept within the series).</summary>
    public Task GoAsync(int index) => MoveAsync(_ => Math.Clamp(index, 0, steps.Count - 1));

    /// <summary>
    /// Moves to the step <paramref name="to"/> picks from the step shown (-1 before the first), or stays where it gives
    /// null: one move at a time, each from where the one before it arrived, so two quick presses go two steps.
    /// </summary>
    private async Task MoveAsync(Func<int, int?> to)
    {
        await _moving.WaitAsync().ConfigureAwait(false);
        try
        {
            if (to(State?.Index ?? -1) is not { } index)
            {
                return;
            }

            var step = steps[index];
            var folder = Path.Combine(results, Invariant.Format($"{Path.GetFileNameWithoutExtension(step.Scenario)}-run{++_runs}"));
            Show(new WorkshopState(index, step, folder, WorkshopState.Starting, null)); // the pages leave the step before it stops
            await StopAsync().ConfigureAwait(false);
            _process = Start(step, folder);
            if (step.Verb == "run")
            {
                var up = await UpAsync(_process).ConfigureAwait(false);
                Show(State! with { Status = up ? WorkshopState.Running : WorkshopState.Failed, Live = up ? Invariant.Format($"http://127.0.0.1:{livePort}/") : null });
            }
            else
            {
                await _process.WaitForExitAsync().ConfigureAwait(false);
                Show(State! with { Status = _process.ExitCode == 0 ? WorkshopState.Finished : WorkshopState.Failed });
            }
        }
        finally
        {
            _moving.Release();
        }
    }

    /// <summary>Whether the step's run has written its results (its page stays up after).</summary>
    public bool Finished => State is { } s && File.Exists(Path.Combine(s.Folder, "summary.json"));

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _moving.Dispose();
    }

    private void Show(WorkshopState state)
    {
        State = state;
        Changed?.Invoke(state);
    }

    private Process Start(WorkshopStep step, string folder)
    {
        var file = Path.Combine(root, step.Scenario);
        string[] arguments = step.Verb == "run"
            ? ["run", file, "--web", "--web-port", Invariant.Format($"{livePort}"), "--web-linger", "86400s", "--no-live", "--out", folder, SegmentProcesses.StopWithParentOption]
            : ["simulate", file, "--out", folder];
        Directory.CreateDirectory(results);
        return SegmentProcesses.Start((command.FileName, [.. command.Arguments, .. arguments]), folder + ".log");
    }

    /// <summary>Waits until the run's page answers; false when the run ended first (a problem: its log says which).</summary>
    private async Task<bool> UpAsync(Process process)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < UpWithin && !process.HasExited)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", livePort).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        return false;
    }

    /// <summary>Ends the step that runs: SIGTERM (its run still writes what it measured), then, past a deadline, a kill.</summary>
    private async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            ProcessSignal.Terminate(process);
            using var deadline = new CancellationTokenSource(StopWithin);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        process.Dispose();
    }
}

/// <summary>What the presenter's page shows: the step, where its run writes, how it goes, and its live page once up.</summary>
internal sealed record WorkshopState(int Index, WorkshopStep Step, string Folder, string Status, string? Live)
{
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";

    public string Json(int count, bool finished) => JsonSerializer.Serialize(new
    {
        step = Index + 1,
        count,
        run = Path.GetFileName(Folder),
        title = Step.Title,
        words = GuideWords.Html(Step.Words),
        status = finished && Status == Running ? Finished : Status,
        live = Live,
        report = Step.Verb == "simulate" && Status == Finished ? Invariant.Format($"/steps/{Index + 1}/report") : null,
    });
}
