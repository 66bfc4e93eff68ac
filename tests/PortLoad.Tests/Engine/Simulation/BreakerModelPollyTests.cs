using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.CircuitBreaker;
using PortLoad.Scenarios;
using PortLoad.Simulation;

namespace PortLoad.Tests.Simulation;

/// <summary>
/// The simulator's breaker against the real one: the same attempts, at the same virtual times, through Polly.Core's
/// circuit breaker on a <see cref="FakeTimeProvider"/> and through <see cref="BreakerModel"/>, must be let through or
/// rejected alike, attempt by attempt, so the two cannot drift apart.
/// </summary>
public class BreakerModelPollyTests
{
    [TestCase(1, 0.5, 4, 2.0, 1.0, 0.6)]
    [TestCase(2, 0.5, 10, 5.0, 1.0, 0.4)]
    [TestCase(3, 0.2, 20, 10.0, 2.0, 0.3)]
    [TestCase(4, 0.9, 5, 1.0, 0.5, 0.8)]
    [TestCase(5, 0.5, 2, 30.0, 5.0, 0.5)]
    [TestCase(6, 0.1, 20, 3.0, 0.5, 0.2)]
    public async Task SameAttempts_PassAndOpenAlike(int seed, double ratio, int throughput, double samplingSeconds, double breakSeconds, double failureChance)
    {
        var options = new CircuitBreakerOptions(ratio, throughput, TimeSpan.FromSeconds(samplingSeconds), TimeSpan.FromSeconds(breakSeconds));
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var openings = 0;
        var polly = new ResiliencePipelineBuilder<bool> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<bool>
            {
                FailureRatio = ratio,
                MinimumThroughput = throughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result),
                OnOpened = _ =>
                {
                    openings++;
                    return default;
                },
            })
            .Build();
        var model = new BreakerModel(options);
        var random = new Random(seed);
        var now = 0.0;
        var modelOpenings = 0;
        var rejected = 0;

        for (var attempt = 0; attempt < 5_000; attempt++)
        {
            // Bursts and lulls: gaps from a millisecond to beyond the sampling duration's tenth.
            var gap = TimeSpan.FromMilliseconds(Math.Round(random.NextDouble() * random.NextDouble() * samplingSeconds * 300));
            time.Advance(gap);
            now += gap.TotalSeconds;
            var failed = random.NextDouble() < failureChance;

            bool pollyPassed;
            try
            {
                await polly.ExecuteAsync(_ => ValueTask.FromResult(failed));
                pollyPassed = true;
            }
            catch (BrokenCircuitException)
            {
                pollyPassed = false;
            }

            var modelPassed = model.TryPass(now);
            if (modelPassed && model.Record(failed, now))
            {
                modelOpenings++;
            }

            Assert.That(modelPassed, Is.EqualTo(pollyPassed), $"attempt {attempt} at {now:0.000} s ({(failed ? "failing" : "succeeding")})");
            rejected += pollyPassed ? 0 : 1;
        }

        Assert.That(modelOpenings, Is.EqualTo(openings));
        Assert.That(openings, Is.Positive, "the breaker never opened: the case compares nothing");
        Assert.That(rejected, Is.Positive);
    }
}
