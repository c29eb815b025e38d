using Microsoft.Extensions.Time.Testing;
using Polly;
using BrokenCircuitException = Polly.CircuitBreaker.BrokenCircuitException;
using Polly.Testing;
using Polly.Timeout;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

[Trait("Category", "Unit")]
public sealed class CircuitBreakerPipelineExtensionsTests
{
    private readonly FakeTimeProvider _time = new();

    private CircuitBreaker CreateBreaker(int failures = 3) =>
        new("rag_api", new CircuitBreakerOptions { ConsecutiveFailures = failures }, _time);

    [Fact]
    public void Pipeline_WithPollyTimeout_DescriptorShowsBothStrategiesInOrder()
    {
        var breaker = CreateBreaker();

        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddXnaiCircuitBreaker(breaker)
            .AddTimeout(TimeSpan.FromSeconds(5))
            .Build();

        var strategies = pipeline.GetPipelineDescriptor().Strategies;
        Assert.Equal(2, strategies.Count);
        var options = Assert.IsType<XnaiCircuitBreakerStrategyOptions>(strategies[0].Options);
        Assert.Same(breaker, options.Breaker);
        Assert.Equal("XnaiCircuitBreaker:rag_api", options.Name);
        Assert.IsAssignableFrom<ResilienceStrategy<HttpResponseMessage>>(strategies[0].StrategyInstance);
        Assert.IsType<TimeoutStrategyOptions>(strategies[1].Options);
    }

    [Fact]
    public void Pipeline_Untyped_DescriptorShowsTheStrategy()
    {
        var pipeline = new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(CreateBreaker()).AddTimeout(TimeSpan.FromSeconds(1)).Build();

        var strategies = pipeline.GetPipelineDescriptor().Strategies;

        Assert.Equal("XnaiCircuitBreaker:rag_api", Assert.IsType<XnaiCircuitBreakerStrategyOptions>(strategies[0].Options).Name);
        Assert.IsAssignableFrom<ResilienceStrategy>(strategies[0].StrategyInstance);
        Assert.IsType<TimeoutStrategyOptions>(strategies[1].Options);
    }

    [Fact]
    public async Task Pipeline_TimeoutInsideTheBreaker_CountsAsFailure()
    {
        var breaker = CreateBreaker(failures: 2);
        var pipeline = new ResiliencePipelineBuilder<string> { TimeProvider = _time }
            .AddXnaiCircuitBreaker(breaker)
            .AddTimeout(TimeSpan.FromSeconds(5))
            .Build();

        for (var i = 0; i < 2; i++)
        {
            var call = pipeline.ExecuteAsync(async token =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, token);
                return "never";
            }).AsTask();
            _time.Advance(TimeSpan.FromSeconds(5));
            await Assert.ThrowsAsync<TimeoutRejectedException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(nameof(TimeoutRejectedException), breaker.GetSnapshot().LastFailure?.ErrorType);
    }

    [Fact]
    public async Task Pipeline_ExecuteAsyncWhileOpen_ThrowsBrokenCircuitWithRetryAfter()
    {
        var breaker = CreateBreaker(failures: 1);
        var pipeline = new ResiliencePipelineBuilder<string>().AddXnaiCircuitBreaker(breaker).Build();
        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.ExecuteAsync<string>(_ => throw new InvalidOperationException()).AsTask());

        var error = await Assert.ThrowsAsync<CircuitBrokenException>(() => pipeline.ExecuteAsync(_ => ValueTask.FromResult("x")).AsTask());

        Assert.IsAssignableFrom<BrokenCircuitException>(error);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal("rag_api", error.CircuitName);
    }

    [Fact]
    public async Task Pipeline_ExecuteOutcomeAsyncWhileOpen_ReturnsTheSameRejectionWithoutThrowing()
    {
        var breaker = CreateBreaker(failures: 1);
        var pipeline = new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(breaker).Build();
        var context = ResilienceContextPool.Shared.Get();
        await pipeline.ExecuteOutcomeAsync((_, _) => Outcome.FromExceptionAsValueTask<int>(new IOException()), context, 0);

        var first = await pipeline.ExecuteOutcomeAsync((_, _) => Outcome.FromResultAsValueTask(1), context, 0);
        var second = await pipeline.ExecuteOutcomeAsync((_, _) => Outcome.FromResultAsValueTask(1), context, 0);

        Assert.IsType<CircuitBrokenException>(first.Exception);
        Assert.Same(first.Exception, second.Exception);
        _time.Advance(TimeSpan.FromSeconds(1));
        var later = await pipeline.ExecuteOutcomeAsync((_, _) => Outcome.FromResultAsValueTask(1), context, 0);
        Assert.Equal(TimeSpan.FromSeconds(29), ((CircuitBrokenException)later.Exception!).RetryAfter);
    }

    [Fact]
    public async Task Pipeline_ResultPredicate_CountsServerErrorsAsFailures()
    {
        var breaker = CreateBreaker(failures: 2);
        var pipeline = new ResiliencePipelineBuilder<int>()
            .AddXnaiCircuitBreaker(breaker, outcome => outcome.Exception is not null || outcome.Result >= 500)
            .Build();

        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(404));
        Assert.Equal(0, breaker.GetSnapshot().FailCount);
        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(503));
        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(500));

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal("result", breaker.GetSnapshot().LastFailure?.ErrorType);
    }

    [Fact]
    public async Task Pipeline_UntypedResultPredicate_SeesBoxedResults()
    {
        var breaker = CreateBreaker(failures: 1);
        var pipeline = new ResiliencePipelineBuilder()
            .AddXnaiCircuitBreaker(breaker, outcome => outcome.Result is 503)
            .Build();

        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(200));
        Assert.Equal(CircuitState.Closed, breaker.State);
        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(503));

        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public async Task Pipeline_ClosedSuccessAndRejection_AllocateNothing()
    {
        var breaker = CreateBreaker(failures: 1);
        var pipeline = new ResiliencePipelineBuilder<int>().AddXnaiCircuitBreaker(breaker).Build();
        var context = ResilienceContextPool.Shared.Get();

        long Measure(Func<ResilienceContext, int, ValueTask<Outcome<int>>> callback)
        {
            for (var i = 0; i < 100; i++)
            {
                _ = pipeline.ExecuteOutcomeAsync(callback, context, 0).Result;
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                _ = pipeline.ExecuteOutcomeAsync(callback, context, 0).Result;
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var closed = Measure(static (_, s) => Outcome.FromResultAsValueTask(s));
        await pipeline.ExecuteOutcomeAsync(static (_, _) => Outcome.FromExceptionAsValueTask<int>(new IOException()), context, 0);
        var rejected = Measure(static (_, s) => Outcome.FromResultAsValueTask(s));

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.Equal(0, closed);
        Assert.Equal(0, rejected);
    }
}
