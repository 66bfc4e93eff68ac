using Microsoft.Extensions.Time.Testing;
using PortLoad.Recording;

namespace PortLoad.Tests.TestSupport;

/// <summary>Requests fed to a recorder on a fake clock, one after another, each taking <c>took</c>.</summary>
public static class RecordedRequests
{
    public static void Send(FakeTimeProvider time, RunRecorder recorder, TimeSpan took, params FailureKind[] outcomes)
    {
        foreach (var outcome in outcomes)
        {
            var due = time.GetTimestamp();
            recorder.OnAttempt(due);
            time.Advance(took);
            recorder.OnCompleted(due, outcome);
        }
    }
}
