using Polly;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

[Trait("Category", "Unit")]
public sealed class CircuitBreakerConcurrencyTests
{
    [Fact]
    public async Task Breaker_ThousandsOfParallelCalls_CountsAddUpExactly()
    {
        // Never trips, so every call reaches the dependency and must be counted exactly once.
        var options = new CircuitBreakerOptions { ConsecutiveFailures = 0, FailureRatio = 0.99, MinimumThroughput = 1_000_000 };
        var harness = new BreakerHarness("rag_api", options);
        const int Calls = 20_000;
        var failures = 0;

        await Parallel.ForAsync(0, Calls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            if (i % 3 == 0)
            {
                Interlocked.Increment(ref failures);
                await harness.FailAsync();
            }
            else
            {
                await harness.SucceedAsync();
            }
        });

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(Calls, snapshot.TotalCalls);
        Assert.Equal(failures, snapshot.TotalFailures);
        Assert.Equal(Calls, harness.DependencyCalls);
        Assert.Equal((double)failures / Calls, snapshot.FailureRate, precision: 10);
    }

    [Fact]
    public async Task Breaker_ParallelFailures_TripOnceAndEveryCallIsEitherRunOrRejected()
    {
        var harness = new BreakerHarness("redis", BreakerHarness.Seed(5, 15));
        const int Calls = 10_000;
        var rejected = 0;

        await Parallel.ForAsync(0, Calls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var outcome = await harness.FailAsync();
            if (outcome.Exception is CircuitBrokenException)
            {
                Interlocked.Increment(ref rejected);
            }
        });

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Open, snapshot.State);
        Assert.Equal(1, snapshot.Trips);
        Assert.Equal(Calls, snapshot.TotalCalls + snapshot.TotalRejections);
        Assert.Equal(rejected, snapshot.TotalRejections);
        Assert.Equal(snapshot.TotalCalls, snapshot.TotalFailures);
        Assert.Equal(snapshot.TotalCalls, harness.DependencyCalls);
        Assert.InRange(snapshot.TotalCalls, 5, Calls);

        // Whichever of the concurrent failures won the trip, the reason is the threshold's, not that thread's count.
        var opened = Assert.Single(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "CircuitTransition");
        Assert.Contains("5 consecutive failures;", opened.Message);
    }

    [Fact]
    public async Task Breaker_ParallelProbes_OnlyTheConfiguredNumberRun()
    {
        var options = BreakerHarness.Seed(3, 30);
        options.HalfOpenProbes = 3;
        var harness = new BreakerHarness("rag_api", options);
        await harness.FailTimesAsync(3);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;

        var calls = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            var context = ResilienceContextPool.Shared.Get();
            try
            {
                return await harness.Pipeline.ExecuteOutcomeAsync(async (_, _) =>
                {
                    Interlocked.Increment(ref started);
                    return Outcome.FromResult(await gate.Task);
                }, context, 0);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        })).ToList();
        var settled = await Task.Run(() => SpinWait.SpinUntil(
            () => harness.Breaker.GetSnapshot().TotalRejections + Volatile.Read(ref started) == 200, TimeSpan.FromSeconds(30)));
        Assert.True(settled);

        gate.SetResult("ok");
        var outcomes = await Task.WhenAll(calls);

        Assert.Equal(3, started);
        Assert.Equal(197, outcomes.Count(o => o.Exception is CircuitBrokenException));
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
    }
}
