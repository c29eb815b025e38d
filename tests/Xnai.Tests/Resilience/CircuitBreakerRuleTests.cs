using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

// The error-rate monitor (seed: > 50 % over 5 minutes) and the slow-call rule.
[Trait("Category", "Unit")]
public sealed class CircuitBreakerRuleTests
{
    private static CircuitBreakerOptions ErrorRateOnly(int minimumThroughput = 10) => new()
    {
        ConsecutiveFailures = 0,
        FailureRatio = 0.5,
        SamplingDuration = TimeSpan.FromMinutes(5),
        MinimumThroughput = minimumThroughput,
        BreakDuration = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task Breaker_FailureRatioBelowMinimumThroughput_StaysClosed()
    {
        var harness = new BreakerHarness("rag_api", ErrorRateOnly(minimumThroughput: 10));

        await harness.FailTimesAsync(9);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
        Assert.Equal(1.0, harness.Breaker.GetSnapshot().FailureRate);

        await harness.FailAsync();
        Assert.Equal(CircuitState.Open, harness.Breaker.State);
    }

    [Fact]
    public async Task Breaker_FailureRatioAtLimit_StaysClosedAndAboveLimit_Opens()
    {
        var harness = new BreakerHarness("rag_api", ErrorRateOnly());

        await harness.SucceedTimesAsync(5);
        await harness.FailTimesAsync(5);
        Assert.Equal(0.5, harness.Breaker.GetSnapshot().FailureRate);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);

        await harness.FailAsync();
        Assert.Equal(CircuitState.Open, harness.Breaker.State);
    }

    [Fact]
    public async Task Breaker_FailuresOlderThanTheWindow_AgeOut()
    {
        var harness = new BreakerHarness("rag_api", ErrorRateOnly());
        await harness.SucceedTimesAsync(5);
        await harness.FailTimesAsync(5);

        harness.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0.5, harness.Breaker.GetSnapshot().FailureRate);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, harness.Breaker.GetSnapshot().FailureRate);

        // Nine fresh failures would trip if the old calls still counted (14 of 19 > 0.5 with throughput met).
        await harness.FailTimesAsync(9);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
        await harness.FailAsync();
        Assert.Equal(CircuitState.Open, harness.Breaker.State);
    }

    [Fact]
    public async Task Breaker_ConsecutiveAndRatioRules_EitherTrips()
    {
        var options = ErrorRateOnly(minimumThroughput: 4);
        options.ConsecutiveFailures = 3;
        var harness = new BreakerHarness("rag_api", options);

        await harness.SucceedAsync();
        await harness.FailAsync();
        await harness.SucceedAsync();
        await harness.FailAsync();
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);
        await harness.FailAsync();

        // Three of five calls failed (> 0.5) while the consecutive count is only two.
        Assert.Equal(CircuitState.Open, harness.Breaker.State);
        Assert.Equal(2, harness.Breaker.GetSnapshot().FailCount);
    }

    [Fact]
    public async Task Breaker_SlowCallRatioExceeded_Opens()
    {
        var options = new CircuitBreakerOptions
        {
            ConsecutiveFailures = 0,
            SlowCallThreshold = TimeSpan.FromSeconds(2),
            SlowCallRatio = 0.5,
            MinimumThroughput = 4,
        };
        var harness = new BreakerHarness("voice_processing", options);

        await harness.SlowAsync(TimeSpan.FromSeconds(1));
        await harness.SlowAsync(TimeSpan.FromSeconds(3));
        await harness.SlowAsync(TimeSpan.FromSeconds(1));
        await harness.SlowAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(0.5, harness.Breaker.GetSnapshot().SlowCallRate);
        Assert.Equal(CircuitState.Closed, harness.Breaker.State);

        await harness.SlowAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(CircuitState.Open, harness.Breaker.State);
        Assert.Equal(0, harness.Breaker.GetSnapshot().TotalFailures);
    }

    [Fact]
    public async Task Breaker_SlowProbe_Reopens()
    {
        var options = new CircuitBreakerOptions
        {
            ConsecutiveFailures = 2,
            SlowCallThreshold = TimeSpan.FromSeconds(2),
            SlowCallRatio = 0.5,
        };
        var harness = new BreakerHarness("voice_processing", options);
        await harness.FailTimesAsync(2);
        harness.Time.Advance(options.BreakDuration);

        await harness.SlowAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(CircuitState.Open, harness.Breaker.State);
        Assert.Equal(2, harness.Breaker.GetSnapshot().Trips);
    }
}
