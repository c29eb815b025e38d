namespace Xnai.Resilience;

/// <summary>
/// The three trip rules of one breaker, built from its options (a reload builds a new set).
/// </summary>
/// <remarks>
/// Which outcome evaluates which rule is fixed and independent of latency: a rule is evaluated only by an outcome
/// that raises what it measures. A failure evaluates the consecutive-failures and failure-ratio rules; a slow call
/// (success or failure) evaluates the slow-call rule; a fast success evaluates nothing, because it can only lower
/// both ratios. So a fast and a slow success over the same window never differ on the failure ratio.
/// </remarks>
internal sealed class TripRules(CircuitBreakerOptions options)
{
    public ConsecutiveFailuresRule ConsecutiveFailures { get; } = new(options.ConsecutiveFailures);

    public FailureRatioRule FailureRatio { get; } = new(options.FailureRatio, options.MinimumThroughput);

    public SlowCallRatioRule SlowCallRatio { get; } = new(options.SlowCallRatio, options.MinimumThroughput, options.SlowCallThreshold);

    /// <summary>Returns the first reason to trip after an outcome, or null.</summary>
    public string? Evaluate(bool failure, bool slow, int consecutiveFailures, HealthWindow window, long now)
    {
        if (failure && ConsecutiveFailures.Evaluate(consecutiveFailures) is { } consecutive)
        {
            return consecutive;
        }

        var ratios = (failure && FailureRatio.IsOn) || slow;
        if (!ratios)
        {
            return null;
        }

        var counts = window.Sum(now);
        return (failure ? FailureRatio.Evaluate(counts) : null) ?? (slow ? SlowCallRatio.Evaluate(counts) : null);
    }
}
