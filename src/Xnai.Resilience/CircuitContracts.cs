namespace Xnai.Resilience;

/// <summary>A consistent, point-in-time view of one circuit breaker.</summary>
/// <param name="Name">Breaker name (the <c>service</c> metric tag).</param>
/// <param name="State">Current state.</param>
/// <param name="FailCount">Consecutive failures since the last success (kept while open, cleared on close).</param>
/// <param name="FailureRate">Failure ratio in the sampling window (0 when the window is empty).</param>
/// <param name="SlowCallRate">Slow-call ratio in the sampling window.</param>
/// <param name="TotalCalls">Calls let through since start (lifetime, never reset).</param>
/// <param name="TotalFailures">Calls classified as failures since start.</param>
/// <param name="TotalRejections">Calls rejected by the open, half-open or isolated circuit since start.</param>
/// <param name="LastFailure">Most recent failure, if any.</param>
/// <param name="OpenedAt">When the circuit last opened (null while closed or disabled).</param>
/// <param name="RetryAfter">Time left until the circuit half-opens (open state only).</param>
/// <param name="Trips">Number of times the circuit opened since start.</param>
/// <param name="LastTransition">Most recent state change, if any.</param>
public sealed record CircuitSnapshot(
    string Name,
    CircuitState State,
    int FailCount,
    double FailureRate,
    double SlowCallRate,
    long TotalCalls,
    long TotalFailures,
    long TotalRejections,
    CircuitFailure? LastFailure,
    DateTimeOffset? OpenedAt,
    TimeSpan? RetryAfter,
    int Trips,
    CircuitTransition? LastTransition);

/// <summary>A failure seen by a breaker. The message is truncated to one short line; no stack, no inner exception.</summary>
public sealed record CircuitFailure(DateTimeOffset At, string ErrorType, string Message);

/// <summary>A state change of a breaker.</summary>
public sealed record CircuitTransition(DateTimeOffset At, CircuitState From, CircuitState To);

/// <summary>An entry of the recent-events ring and of the watch stream.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Circuit">Breaker name.</param>
/// <param name="Kind"><see cref="CircuitEventKinds.Transition"/>, <see cref="CircuitEventKinds.Failure"/> or <see cref="CircuitEventKinds.Rejections"/>.</param>
/// <param name="From">Previous state (transitions; state during the rejections for rejection summaries).</param>
/// <param name="To">New state (transitions only).</param>
/// <param name="Detail">Reason of a transition, error type of a failure, count of rejections.</param>
public sealed record CircuitEvent(DateTimeOffset At, string Circuit, string Kind, CircuitState? From, CircuitState? To, string? Detail);

/// <summary>Values of <see cref="CircuitEvent.Kind"/>.</summary>
public static class CircuitEventKinds
{
    /// <summary>The circuit changed state.</summary>
    public const string Transition = "transition";

    /// <summary>A call was classified as a failure.</summary>
    public const string Failure = "failure";

    /// <summary>Summary of the calls rejected during one open, half-open or isolated period.</summary>
    public const string Rejections = "rejections";
}
