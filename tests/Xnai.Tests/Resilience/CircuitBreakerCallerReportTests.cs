using Microsoft.Extensions.Time.Testing;
using Polly;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

/// <summary>
/// What a callback can tell the breaker about a call: that it never reached the dependency
/// (<see cref="DependencyNotCalledException"/>: neither a failure nor a success), and how long the dependency itself took
/// (<see cref="CircuitBreakerProperties.LocalWait"/>: left out of the time the slow-call rule judges).
/// </summary>
[Trait("Category", "Unit")]
public sealed class CircuitBreakerCallerReportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(400);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task NotCalled_BetweenFailures_NeitherResetsNorAddsToTheCount()
    {
        var breaker = new CircuitBreaker("rag_semantic", new CircuitBreakerOptions { ConsecutiveFailures = 3 }, _time);
        var pipeline = new ResiliencePipelineBuilder<int> { TimeProvider = _time }.AddXnaiCircuitBreaker(breaker).Build();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(pipeline, () => throw new InvalidOperationException("down")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(pipeline, () => throw new InvalidOperationException("down")));
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<DependencyNotCalledException>(() => Run(pipeline, () => throw new DependencyNotCalledException("queue full")));
        }

        Assert.Equal((CircuitState.Closed, 2), (breaker.GetSnapshot().State, breaker.GetSnapshot().FailCount));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(pipeline, () => throw new InvalidOperationException("down")));
        Assert.Equal(CircuitState.Open, breaker.GetSnapshot().State);
    }

    [Fact]
    public async Task NotCalled_AsTheHalfOpenProbe_FreesTheSlotAndTheNextCallProbes()
    {
        var breaker = new CircuitBreaker("rag_semantic", new CircuitBreakerOptions { ConsecutiveFailures = 1, BreakDuration = TimeSpan.FromSeconds(30) }, _time);
        var pipeline = new ResiliencePipelineBuilder<int> { TimeProvider = _time }.AddXnaiCircuitBreaker(breaker).Build();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Run(pipeline, () => throw new InvalidOperationException("down")));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitState.HalfOpen, breaker.GetSnapshot().State);

        await Assert.ThrowsAsync<DependencyNotCalledException>(() => Run(pipeline, () => throw new DependencyNotCalledException()));
        Assert.Equal(CircuitState.HalfOpen, breaker.GetSnapshot().State);

        Assert.Equal(1, await Run(pipeline, () => 1));
        Assert.Equal(CircuitState.Closed, breaker.GetSnapshot().State);
    }

    [Theory]
    [InlineData(true, CircuitState.Closed)]
    [InlineData(false, CircuitState.Open)]
    public async Task SlowCallRule_LeavesTheReportedLocalWaitOut(bool report, CircuitState expected)
    {
        var breaker = new CircuitBreaker("rag_semantic", new CircuitBreakerOptions
        {
            ConsecutiveFailures = 0,
            SlowCallThreshold = TimeSpan.FromMilliseconds(250),
            SlowCallRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromMinutes(1),
        }, _time);
        var pipeline = new ResiliencePipelineBuilder<int> { TimeProvider = _time }.AddXnaiCircuitBreaker(breaker).Build();

        // Each call waits 400 ms for a local queue, then the dependency answers in 20 ms. Four calls reach the minimum
        // throughput: all slow by the clock (the breaker opens), none without the reported wait (it stays closed).
        for (var i = 0; i < 4; i++)
        {
            var context = ResilienceContextPool.Shared.Get();
            try
            {
                await pipeline.ExecuteAsync(
                    (ctx, state) =>
                    {
                        state.Advance(Wait);
                        state.Advance(TimeSpan.FromMilliseconds(20));
                        if (report)
                        {
                            ctx.Properties.Set(CircuitBreakerProperties.LocalWait, Wait);
                        }

                        return ValueTask.FromResult(i);
                    },
                    context,
                    _time);
                if (report)
                {
                    // Read and cleared: a retried attempt on the same context is judged on its own.
                    Assert.False(context.Properties.TryGetValue(CircuitBreakerProperties.LocalWait, out var left) && left is not null);
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        Assert.Equal(expected, breaker.GetSnapshot().State);
    }

    private static async Task<int> Run(ResiliencePipeline<int> pipeline, Func<int> call) =>
        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(call()));
}
