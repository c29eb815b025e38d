namespace Xnai.Resilience;

/// <summary>Outcomes inside a <see cref="HealthWindow"/> at one moment.</summary>
/// <param name="Calls">Calls recorded (successes and failures).</param>
/// <param name="Failures">Calls classified as failures.</param>
/// <param name="Slow">Calls that took at least the slow-call threshold.</param>
public readonly record struct HealthCounts(long Calls, long Failures, long Slow)
{
    /// <summary>Failures per call; 0 when the window is empty.</summary>
    public double FailureRate => Calls == 0 ? 0 : (double)Failures / Calls;

    /// <summary>Slow calls per call; 0 when the window is empty.</summary>
    public double SlowCallRate => Calls == 0 ? 0 : (double)Slow / Calls;
}
