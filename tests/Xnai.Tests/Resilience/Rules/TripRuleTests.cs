using Xnai.Resilience;

namespace Xnai.Tests.Resilience.Rules;

// The three trip rules on their own: thresholds, minimum throughput, off switches.
[Trait("Category", "Unit")]
public sealed class TripRuleTests
{
    [Fact]
    public void ConsecutiveFailures_TripsAtTheThresholdAndNotBefore()
    {
        var rule = new ConsecutiveFailuresRule(3);

        Assert.Null(rule.Evaluate(2));
        Assert.Equal("3 consecutive failures", rule.Evaluate(3));
        // A concurrent failure that counted past the threshold trips for the same reason (the whole-app flapping
        // scenario once read "5 consecutive failures" for a breaker whose threshold is 3).
        Assert.Equal("3 consecutive failures", rule.Evaluate(5));
        Assert.Null(new ConsecutiveFailuresRule(0).Evaluate(1_000));
    }

    [Fact]
    public void FailureRatio_NeedsTheMinimumThroughputAndARatioAboveTheLimit()
    {
        var rule = new FailureRatioRule(0.5, minimumThroughput: 10);

        Assert.Null(rule.Evaluate(new HealthCounts(9, 9, 0)));
        Assert.Null(rule.Evaluate(new HealthCounts(10, 5, 0)));
        Assert.Equal("failure ratio 0.6 above 0.5 over 10 calls", rule.Evaluate(new HealthCounts(10, 6, 0)));
        Assert.Null(new FailureRatioRule(0, 1).Evaluate(new HealthCounts(10, 10, 0)));
    }

    [Fact]
    public void SlowCallRatio_CountsCallsAtTheThresholdAsSlow()
    {
        var rule = new SlowCallRatioRule(0.5, minimumThroughput: 4, threshold: TimeSpan.FromSeconds(2));

        Assert.False(rule.IsSlow(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1)));
        Assert.True(rule.IsSlow(TimeSpan.FromSeconds(2)));
        Assert.Null(rule.Evaluate(new HealthCounts(3, 0, 3)));
        Assert.Equal("slow-call ratio 0.75 above 0.5 over 4 calls", rule.Evaluate(new HealthCounts(4, 0, 3)));
        Assert.False(new SlowCallRatioRule(0, 1, TimeSpan.FromSeconds(2)).IsSlow(TimeSpan.FromHours(1)));
    }
}
