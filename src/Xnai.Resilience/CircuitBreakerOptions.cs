using System.ComponentModel.DataAnnotations;

namespace Xnai.Resilience;

/// <summary>
/// Thresholds of one named breaker (in Xnai, bound from <c>Xnai:Breakers:&lt;name&gt;</c>). Any combination of the
/// three trip rules may be on (consecutive failures, failure ratio, slow-call ratio); at least one must be.
/// Changing the configuration at run time updates the thresholds without losing state or counts.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Open after this many consecutive failures; 0 turns the rule off.</summary>
    [Range(0, 10_000)]
    public int ConsecutiveFailures { get; set; } = 3;

    /// <summary>How long the circuit stays open before half-opening (first trip).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Open when more than this share of the calls in the sampling window failed (strictly more: at 0.5, exactly half failing stays closed); 0 turns the rule off.</summary>
    [Range(0.0, 1.0)]
    public double FailureRatio { get; set; }

    /// <summary>Length of the sliding window the failure and slow-call ratios are computed over.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls needed in the window before a ratio rule may open the circuit.</summary>
    [Range(1, 1_000_000)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>A call taking at least this long counts as slow.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SlowCallThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Open when the slow-call ratio in the window exceeds this value; 0 turns the rule off.</summary>
    [Range(0.0, 1.0)]
    public double SlowCallRatio { get; set; }

    /// <summary>Probe calls let through in half-open; all must succeed to close the circuit.</summary>
    [Range(1, 1_000)]
    public int HalfOpenProbes { get; set; } = 1;

    /// <summary>
    /// How long a half-open probe may take to report before its slot is given to the next call (a probe that hangs
    /// or whose outcome is lost must not wedge the breaker). Null (the default): the break duration of the trip.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan? ProbeDeadline { get; set; }

    /// <summary>Each trip without a recovery in between multiplies the break duration by this factor (1 = no backoff).</summary>
    [Range(1.0, 100.0)]
    public double BreakDurationMultiplier { get; set; } = 1.0;

    /// <summary>Upper bound of the break duration when backing off.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxBreakDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Copies every value (the breaker keeps its own immutable copy).</summary>
    internal CircuitBreakerOptions Clone() => (CircuitBreakerOptions)MemberwiseClone();
}
