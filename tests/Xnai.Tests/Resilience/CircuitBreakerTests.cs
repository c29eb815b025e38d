using BrokenCircuitException = Polly.CircuitBreaker.BrokenCircuitException;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

// The seed's three breakers with their real thresholds and durations: rag_api 3/30 s, redis 5/15 s, voice_processing 2/45 s.
[Trait("Category", "Unit")]
public sealed class CircuitBreakerTests
{
    public static TheoryData<string, int, int> Seeds => new()
    {
        { "rag_api", 3, 30 },
        { "redis", 5, 15 },
        { "voice_processing", 2, 45 },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Breaker_AtStart_IsClosedWithNoFailures(string name, int failures, int breakSeconds)
    {
        var harness = new BreakerHarness(name, BreakerHarness.Seed(failures, breakSeconds));

        var snapshot = harness.Breaker.GetSnapshot();

        Assert.Equal(name, snapshot.Name);
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Equal(0, snapshot.FailCount);
        Assert.Null(snapshot.LastFailure);
        Assert.Null(snapshot.OpenedAt);
        Assert.Null(snapshot.RetryAfter);
        Assert.Equal(0, snapshot.Trips);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Breaker_NthConsecutiveFailure_Opens(string name, int failures, int breakSeconds)
    {
        var harness = new BreakerHarness(name, BreakerHarness.Seed(failures, breakSeconds));

        await harness.FailTimesAsync(failures - 1);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
        Assert.Equal(failures - 1, harness.Breaker.GetSnapshot().FailCount);

        await harness.FailAsync();

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Open, snapshot.State);
        Assert.Equal(failures, snapshot.FailCount);
        Assert.Equal(1, snapshot.Trips);
        Assert.Equal(harness.Time.GetUtcNow(), snapshot.OpenedAt);
        Assert.Equal(TimeSpan.FromSeconds(breakSeconds), snapshot.RetryAfter);
        Assert.Equal(new CircuitTransition(harness.Time.GetUtcNow(), CircuitState.Closed, CircuitState.Open), snapshot.LastTransition);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Breaker_SuccessBetweenFailures_ResetsCount(string name, int failures, int breakSeconds)
    {
        var harness = new BreakerHarness(name, BreakerHarness.Seed(failures, breakSeconds));

        await harness.FailTimesAsync(failures - 1);
        await harness.SucceedAsync();
        await harness.FailTimesAsync(failures - 1);

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Equal(failures - 1, snapshot.FailCount);
        Assert.Equal(2 * (failures - 1), snapshot.TotalFailures);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Breaker_Open_RejectsWithoutCallingDependency(string name, int failures, int breakSeconds)
    {
        var harness = new BreakerHarness(name, BreakerHarness.Seed(failures, breakSeconds));
        await harness.FailTimesAsync(failures);
        harness.Time.Advance(TimeSpan.FromSeconds(breakSeconds - 10.5));

        var outcome = await harness.SucceedAsync();

        var rejection = Assert.IsType<CircuitBrokenException>(outcome.Exception);
        Assert.IsAssignableFrom<BrokenCircuitException>(rejection);
        Assert.Equal(name, rejection.CircuitName);
        Assert.Equal(TimeSpan.FromSeconds(11), rejection.RetryAfter);
        Assert.Equal(failures, harness.DependencyCalls);
        Assert.Equal(1, harness.Breaker.GetSnapshot().TotalRejections);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Breaker_BreakDurationElapsed_HalfOpens(string name, int failures, int breakSeconds)
    {
        var harness = new BreakerHarness(name, BreakerHarness.Seed(failures, breakSeconds));
        await harness.FailTimesAsync(failures);

        harness.Time.Advance(TimeSpan.FromSeconds(breakSeconds) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(CircuitState.Open, harness.Breaker.State);

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CircuitState.HalfOpen, harness.Breaker.State);
        Assert.Null(harness.Breaker.GetSnapshot().RetryAfter);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Breaker_GoodProbe_Closes(string name, int failures, int breakSeconds)
    {
        var harness = new BreakerHarness(name, BreakerHarness.Seed(failures, breakSeconds));
        await harness.FailTimesAsync(failures);
        harness.Time.Advance(TimeSpan.FromSeconds(breakSeconds));

        var outcome = await harness.SucceedAsync();

        Assert.Equal("ok", outcome.Result);
        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Equal(0, snapshot.FailCount);
        Assert.Null(snapshot.OpenedAt);
        Assert.Equal(1, harness.Breaker.Recoveries);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Breaker_BadProbe_Reopens(string name, int failures, int breakSeconds)
    {
        var harness = new BreakerHarness(name, BreakerHarness.Seed(failures, breakSeconds));
        await harness.FailTimesAsync(failures);
        harness.Time.Advance(TimeSpan.FromSeconds(breakSeconds));

        await harness.FailAsync();

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Open, snapshot.State);
        Assert.Equal(2, snapshot.Trips);
        Assert.Equal(TimeSpan.FromSeconds(breakSeconds), snapshot.RetryAfter);
        Assert.Equal(new CircuitTransition(harness.Time.GetUtcNow(), CircuitState.HalfOpen, CircuitState.Open), snapshot.LastTransition);
        Assert.Equal(0, harness.Breaker.Recoveries);
    }

    [Fact]
    public async Task Breaker_HalfOpen_LetsThroughOnlyTheConfiguredProbes()
    {
        var options = BreakerHarness.Seed(3, 30);
        options.HalfOpenProbes = 2;
        var harness = new BreakerHarness("rag_api", options);
        await harness.FailTimesAsync(3);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var probe1 = harness.Pipeline.ExecuteAsync(_ => new ValueTask<string>(first.Task)).AsTask();
        var probe2 = harness.Pipeline.ExecuteAsync(_ => new ValueTask<string>(second.Task)).AsTask();
        var third = await harness.SucceedAsync();

        Assert.IsType<CircuitBrokenException>(third.Exception);
        Assert.Null(((CircuitBrokenException)third.Exception!).RetryAfter);
        first.SetResult("a");
        await probe1;
        Assert.Equal(CircuitState.HalfOpen, harness.Breaker.State);
        second.SetResult("b");
        await probe2;
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
    }

    [Fact]
    public async Task Breaker_RepeatedTrips_BackOffUpToTheCap()
    {
        var options = BreakerHarness.Seed(3, 30);
        options.BreakDurationMultiplier = 2;
        options.MaxBreakDuration = TimeSpan.FromSeconds(100);
        var harness = new BreakerHarness("rag_api", options);
        await harness.FailTimesAsync(3);
        Assert.Equal(TimeSpan.FromSeconds(30), harness.Breaker.GetSnapshot().RetryAfter);

        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.FailAsync();
        Assert.Equal(TimeSpan.FromSeconds(60), harness.Breaker.GetSnapshot().RetryAfter);

        harness.Time.Advance(TimeSpan.FromSeconds(60));
        await harness.FailAsync();
        Assert.Equal(TimeSpan.FromSeconds(100), harness.Breaker.GetSnapshot().RetryAfter);

        harness.Time.Advance(TimeSpan.FromSeconds(100));
        await harness.SucceedAsync();
        await harness.FailTimesAsync(3);
        Assert.Equal(TimeSpan.FromSeconds(30), harness.Breaker.GetSnapshot().RetryAfter);
    }

    [Fact]
    public async Task Breaker_Isolated_RejectsUntilReset()
    {
        var harness = new BreakerHarness("redis", BreakerHarness.Seed(5, 15));

        harness.Breaker.Isolate();
        harness.Time.Advance(TimeSpan.FromHours(1));
        var rejected = await harness.SucceedAsync();

        Assert.Equal(CircuitState.Isolated, harness.Breaker.State);
        Assert.Null(Assert.IsType<CircuitBrokenException>(rejected.Exception).RetryAfter);
        Assert.Equal(0, harness.DependencyCalls);

        harness.Breaker.Reset();
        var outcome = await harness.SucceedAsync();

        Assert.Equal("ok", outcome.Result);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
        Assert.Equal(0, harness.Breaker.Recoveries);
    }

    [Fact]
    public async Task Breaker_Disabled_MeasuresButNeverTrips()
    {
        var harness = new BreakerHarness("voice_processing", BreakerHarness.Seed(2, 45));

        harness.Breaker.Disable();
        await harness.FailTimesAsync(10);

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Disabled, snapshot.State);
        Assert.Equal(10, snapshot.FailCount);
        Assert.Equal(10, snapshot.TotalFailures);
        Assert.Equal(1.0, snapshot.FailureRate);
        Assert.Equal(10, harness.DependencyCalls);
        Assert.Equal(0, snapshot.Trips);
    }

    [Fact]
    public async Task Breaker_Reset_ClosesAndClearsCountsButKeepsTotals()
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));
        await harness.FailTimesAsync(3);

        harness.Breaker.Reset();

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Equal(0, snapshot.FailCount);
        Assert.Equal(0, snapshot.FailureRate);
        Assert.Null(snapshot.OpenedAt);
        Assert.Equal(3, snapshot.TotalFailures);
        Assert.Equal(3, snapshot.TotalCalls);
        await harness.FailTimesAsync(2);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
    }

    [Fact]
    public async Task Breaker_Failure_RecordsShortMessageWithoutInnerDetails()
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));
        var message = "first line " + new string('x', 500) + "\nsecond line with a token=secret";

        await harness.FailAsync(message);

        var failure = harness.Breaker.GetSnapshot().LastFailure;
        Assert.NotNull(failure);
        Assert.Equal(nameof(HttpRequestException), failure.ErrorType);
        Assert.Equal(harness.Time.GetUtcNow(), failure.At);
        Assert.StartsWith("first line", failure.Message);
        Assert.True(failure.Message.Length <= 160);
        Assert.DoesNotContain("secret", failure.Message);
    }

    [Fact]
    public async Task Breaker_CallerCancellation_IsNotAFailure()
    {
        var harness = new BreakerHarness("voice_processing", BreakerHarness.Seed(2, 45));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        for (var i = 0; i < 5; i++)
        {
            await harness.CallAsync(() => throw new OperationCanceledException(cancellation.Token), cancellation.Token);
        }

        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
        Assert.Equal(0, harness.Breaker.GetSnapshot().TotalFailures);
    }

    [Fact]
    public async Task Breaker_LateOutcomeOfEarlierPeriod_DoesNotCount()
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));
        var slow = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var straggler = harness.Pipeline.ExecuteAsync(_ => new ValueTask<string>(slow.Task)).AsTask();
        await harness.FailTimesAsync(3);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.SucceedAsync();

        slow.SetException(new HttpRequestException("late"));
        await Assert.ThrowsAsync<HttpRequestException>(() => straggler);

        var snapshot = harness.Breaker.GetSnapshot();
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Equal(0, snapshot.FailCount);
        Assert.Equal(4, snapshot.TotalFailures);
    }
}
