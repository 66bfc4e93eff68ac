using PortLoad.Connections;
using PortLoad.Load;
using PortLoad.Recording;
using PortLoad.Results;
using PortLoad.Scenarios;

namespace PortLoad.Runs;

/// <summary>
/// Sends a scenario's warm-up requests at a constant rate into a recorder of their own, thrown away after:
/// the same code paths as the measured run, so they are compiled before it starts.
/// </summary>
internal static class WarmUp
{
    public static async Task<WarmUpFigures> RunAsync(WarmUpOptions options, IRequestSender sender, bool sameDestination, TimeProvider time, int maxInFlight, CancellationToken stop)
    {
        var timeline = new LoadTimeline([new InjectPhase(options.Rate, options.During)]);
        var recorder = new RunRecorder(time, options.During, options.During + TimeSpan.FromMinutes(5));
        recorder.Start();
        await new LoadRunner(time, maxInFlight).RunAsync(timeline, recorder.StartTimestamp, () => sender.SendAsync(CancellationToken.None), recorder, stop).ConfigureAwait(false);
        return new WarmUpFigures(recorder.Attempted, recorder.Failed, sameDestination);
    }
}
