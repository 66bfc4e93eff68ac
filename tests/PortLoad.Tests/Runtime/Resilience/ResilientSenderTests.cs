using PortLoad.Connections;
using PortLoad.Resilience;
using PortLoad.Scenarios;

namespace PortLoad.Tests.Resilience;

public class ResilientSenderTests
{
    private static readonly HashSet<FailureKind> OnExhaustion = [FailureKind.EADDRNOTAVAIL];

    private static ResilienceOptions Retry(int attempts) =>
        new() { Retry = new RetryOptions(attempts, Backoff.Constant, TimeSpan.FromMilliseconds(1), Jitter: false, OnExhaustion) };

    [Test]
    public async Task SendAsync_FailsTwiceThenSucceeds_CountsASuccessAfterRetry()
    {
        var inner = new ScriptedSender(FailureKind.EADDRNOTAVAIL, FailureKind.EADDRNOTAVAIL, FailureKind.None);
        var tally = new ResilienceTally();
        await using var sender = new ResilientSender(inner, Retry(3), TimeProvider.System, new SeededRandom(1), tally);

        var outcome = await sender.SendAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(FailureKind.None));
            Assert.That(inner.Sent, Is.EqualTo(3));
            Assert.That(tally.Attempts, Is.EqualTo(3));
            Assert.That(tally.Retries, Is.EqualTo(2));
            Assert.That(tally.SucceededAfterRetry, Is.EqualTo(1));
            Assert.That(tally.RetriesExhausted, Is.Zero);
            Assert.That(tally.Backoff, Is.EqualTo(TimeSpan.FromMilliseconds(2)));
        });
    }

    [Test]
    public async Task SendAsync_EveryAttemptFails_EndsWithTheFailureAndCountsRetriesExhausted()
    {
        var inner = new ScriptedSender(FailureKind.EADDRNOTAVAIL);
        var tally = new ResilienceTally();
        await using var sender = new ResilientSender(inner, Retry(4), TimeProvider.System, new SeededRandom(1), tally);

        var outcome = await sender.SendAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(FailureKind.EADDRNOTAVAIL));
        Assert.That(inner.Sent, Is.EqualTo(4));
        Assert.That(tally.RetriesExhausted, Is.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_FailureNotListed_IsNotRetried()
    {
        var inner = new ScriptedSender(FailureKind.ECONNREFUSED, FailureKind.None);
        var tally = new ResilienceTally();
        await using var sender = new ResilientSender(inner, Retry(4), TimeProvider.System, new SeededRandom(1), tally);

        var outcome = await sender.SendAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(FailureKind.ECONNREFUSED));
        Assert.That(inner.Sent, Is.EqualTo(1));
        Assert.That(tally.Retries, Is.Zero);
        Assert.That(tally.RetriesExhausted, Is.Zero);
    }

    [Test]
    public async Task SendAsync_BreakerOpens_ShortCircuitsWithoutSending()
    {
        var inner = new ScriptedSender(FailureKind.EADDRNOTAVAIL);
        var tally = new ResilienceTally();
        var options = new ResilienceOptions { CircuitBreaker = new CircuitBreakerOptions(0.5, 4, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)) };
        await using var sender = new ResilientSender(inner, options, TimeProvider.System, new SeededRandom(1), tally);

        var outcomes = new List<FailureKind>();
        for (var i = 0; i < 10; i++)
        {
            outcomes.Add(await sender.SendAsync(CancellationToken.None));
        }

        Assert.That(outcomes, Is.EqualTo(Enumerable.Repeat(FailureKind.EADDRNOTAVAIL, 4).Concat(Enumerable.Repeat(FailureKind.CircuitOpen, 6))));
        Assert.That(inner.Sent, Is.EqualTo(4));
        Assert.That(tally.BreakerOpenings, Is.EqualTo(1));
        Assert.That(tally.ShortCircuited, Is.EqualTo(6));
    }

    [Test]
    public async Task SendAsync_AttemptOutlivesTheTimeout_IsCutShortAsETIMEDOUT()
    {
        var inner = new ScriptedSender(FailureKind.None) { Hang = true };
        var options = new ResilienceOptions { Timeout = TimeSpan.FromMilliseconds(50) };
        await using var sender = new ResilientSender(inner, options, TimeProvider.System, new SeededRandom(1), new ResilienceTally());

        var outcome = await sender.SendAsync(CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(FailureKind.ETIMEDOUT));
    }

    [Test]
    public async Task SendAsync_RunStopsDuringBackoff_EndsWithTheLastFailure()
    {
        var inner = new ScriptedSender(FailureKind.EADDRNOTAVAIL);
        var options = new ResilienceOptions { Retry = new RetryOptions(5, Backoff.Constant, TimeSpan.FromMinutes(5), Jitter: false, OnExhaustion) };
        await using var sender = new ResilientSender(inner, options, TimeProvider.System, new SeededRandom(1), new ResilienceTally());
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var outcome = await sender.SendAsync(stop.Token);

        Assert.That(outcome, Is.EqualTo(FailureKind.EADDRNOTAVAIL));
        Assert.That(inner.Sent, Is.EqualTo(1));
    }

    /// <summary>Answers with the given outcomes in turn, repeating the last; or, with <see cref="Hang"/>, waits to be cancelled.</summary>
    private sealed class ScriptedSender(params FailureKind[] outcomes) : IRequestSender
    {
        private int _sent;

        public bool Hang { get; init; }

        public int Sent => _sent;

        public long ConnectionsOpened => 0;

        public IReadOnlyList<long> ExhaustedConnectCpu => [];

        public ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask<FailureKind> SendAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _sent);
            if (Hang)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException e)
                {
                    return FailureClassifier.Classify(e);
                }
            }

            return outcomes[Math.Min(n, outcomes.Length) - 1];
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
