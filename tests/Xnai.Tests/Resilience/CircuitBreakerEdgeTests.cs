using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

// The six edges of issue 12, each checked to the tick on a fake clock.
[Trait("Category", "Unit")]
public sealed class CircuitBreakerEdgeTests
{
    [Fact]
    public async Task Breaker_HalfOpenProbeThatNeverReports_ReleasesItsSlotAfterTheBreakDuration()
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));
        await harness.FailTimesAsync(3);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var hung = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = harness.Pipeline.ExecuteAsync(_ => new ValueTask<string>(hung.Task)).AsTask();

        harness.Time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.IsType<CircuitBrokenException>((await harness.SucceedAsync()).Exception);

        harness.Time.Advance(TimeSpan.FromTicks(1));
        var probe = await harness.SucceedAsync();

        Assert.Equal("ok", probe.Result);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
        // Three failures and the new probe; the hung probe went through the pipeline directly.
        Assert.Equal(4, harness.DependencyCalls);
    }

    [Fact]
    public async Task Breaker_ConfiguredProbeDeadline_ReleasesTheSlotThenAndIgnoresTheLateOutcome()
    {
        var options = BreakerHarness.Seed(3, 30);
        options.HalfOpenProbes = 2;
        options.ProbeDeadline = TimeSpan.FromSeconds(5);
        var harness = new BreakerHarness("rag_api", options);
        await harness.FailTimesAsync(3);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var hung = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var late = harness.Pipeline.ExecuteAsync(_ => new ValueTask<string>(hung.Task)).AsTask();
        await harness.SucceedAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.IsType<CircuitBrokenException>((await harness.SucceedAsync()).Exception);
        harness.Time.Advance(TimeSpan.FromTicks(1));
        hung.SetException(new HttpRequestException("late"));
        await Assert.ThrowsAsync<HttpRequestException>(() => late);

        // The late failure counted in the totals but did not reopen; the freed slot lets the second good probe close.
        Assert.Equal(CircuitState.HalfOpen, harness.Breaker.State);
        Assert.Equal(4, harness.Breaker.TotalFailures);
        Assert.Equal("ok", (await harness.SucceedAsync()).Result);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
    }

    [Fact]
    public async Task Breaker_WindowFailure_CountsUntilExactlyTheWindowOld()
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = 0, FailureRatio = 0.5, SamplingDuration = TimeSpan.FromMinutes(5) };
        var harness = new BreakerHarness("rag_api", options);
        // Late in a tenth of the window: the old ten-bucket window dropped this failure 29 s early.
        harness.Time.Advance(TimeSpan.FromSeconds(29));
        await harness.FailAsync();

        harness.Time.Advance(TimeSpan.FromMinutes(5) * 0.99);
        Assert.Equal(1.0, harness.Breaker.GetSnapshot().FailureRate);

        harness.Time.Advance(TimeSpan.FromMinutes(5) * 0.01);
        Assert.Equal(0, harness.Breaker.GetSnapshot().FailureRate);
    }

    [Theory]
    [InlineData(555)]
    [InlineData(70)]
    [InlineData(30_000)]
    public async Task Breaker_CallAtExactlyTheBreakEnd_IsAProbe(int breakMilliseconds)
    {
        var options = new CircuitBreakerOptions { ConsecutiveFailures = 1, BreakDuration = TimeSpan.FromMilliseconds(breakMilliseconds) };
        var harness = new BreakerHarness("rag_api", options);
        await harness.FailAsync();

        harness.Time.Advance(TimeSpan.FromMilliseconds(breakMilliseconds));
        var outcome = await harness.SucceedAsync();

        Assert.Equal("ok", outcome.Result);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
    }

    public static TheoryData<Exception> FatalExceptions => new()
    {
        new OutOfMemoryException(),
        new InsufficientExecutionStackException(),
        new AccessViolationException(),
        new StackOverflowException(),
    };

    [Theory]
    [MemberData(nameof(FatalExceptions))]
    public async Task Breaker_FatalException_IsNotRecordedAndRethrows(Exception fatal)
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));

        for (var i = 0; i < 3; i++)
        {
            var thrown = await Assert.ThrowsAnyAsync<Exception>(() => harness.Pipeline.ExecuteAsync<string>(_ => throw fatal).AsTask());
            Assert.Same(fatal, thrown);
        }

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Equal(0, snapshot.FailCount);
        Assert.Equal(0, snapshot.TotalFailures);
        Assert.Null(snapshot.LastFailure);
        Assert.Empty(harness.Breaker.GetRecentEvents());
    }

    [Fact]
    public async Task Breaker_SlowAndFastSuccess_LeaveTheFailureRatioUntripped()
    {
        var options = new CircuitBreakerOptions
        {
            ConsecutiveFailures = 0,
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SlowCallRatio = 0.9,
            SlowCallThreshold = TimeSpan.FromSeconds(2),
        };
        var fast = new BreakerHarness("rag_api", options);
        var slow = new BreakerHarness("rag_api", options);
        await fast.FailTimesAsync(9);
        await slow.FailTimesAsync(9);

        await fast.SucceedAsync();
        await slow.SlowAsync(TimeSpan.FromSeconds(3));

        // Only a failure evaluates the failure ratio: 9 of 10 failed in both windows, neither opened on a success.
        Assert.Equal(CircuitState.Closed, fast.Breaker.State);
        Assert.Equal(CircuitState.Closed, slow.Breaker.State);
        await fast.FailAsync();
        await slow.FailAsync();
        Assert.Equal(CircuitState.Open, fast.Breaker.State);
        Assert.Equal(CircuitState.Open, slow.Breaker.State);
    }

    [Fact]
    public async Task Breaker_Reset_ClearsLastFailureAndKeepsTotals()
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));
        await harness.FailTimesAsync(3);
        Assert.NotNull(harness.Breaker.GetSnapshot().LastFailure);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        harness.Breaker.Reset();

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Null(snapshot.LastFailure);
        Assert.Equal(0, snapshot.FailCount);
        Assert.Equal(0, snapshot.FailureRate);
        Assert.Null(snapshot.OpenedAt);
        Assert.Null(snapshot.RetryAfter);
        Assert.Equal(3, snapshot.TotalCalls);
        Assert.Equal(3, snapshot.TotalFailures);
        Assert.Equal(1, snapshot.Trips);
        Assert.Equal(new CircuitTransition(harness.Time.GetUtcNow(), CircuitState.Open, CircuitState.Closed), snapshot.LastTransition);
    }
}
