using Polly.CircuitBreaker;

namespace Xnai.Resilience;

/// <summary>
/// Thrown (or returned as an outcome) when a Xnai circuit rejects a call. Derives from Polly's
/// <see cref="BrokenCircuitException"/> so code that already handles Polly's breaker keeps working;
/// <see cref="BrokenCircuitException.RetryAfter"/> is the time until half-open, rounded up to whole
/// seconds, or null when unknown (half-open with all probes taken, isolated).
/// </summary>
/// <remarks>
/// Instances are shared: a breaker reuses one instance per open period and whole second of retry-after,
/// so rejection allocates nothing. Do not rely on its stack trace.
/// </remarks>
public class CircuitBrokenException : BrokenCircuitException
{
    /// <summary>Creates the exception for a circuit whose retry time is unknown.</summary>
    public CircuitBrokenException(string circuitName)
        : base($"The circuit '{circuitName}' is not accepting calls.")
    {
        CircuitName = circuitName;
        Generation = -1;
    }

    /// <summary>Creates the exception for an open circuit that half-opens after <paramref name="retryAfter"/>.</summary>
    public CircuitBrokenException(string circuitName, TimeSpan retryAfter)
        : base($"The circuit '{circuitName}' is open; retry after {retryAfter.TotalSeconds:0} s.", retryAfter)
    {
        CircuitName = circuitName;
        Generation = -1;
    }

    /// <summary>Name of the breaker that rejected the call.</summary>
    public string CircuitName { get; }

    // Which open period the cached instance belongs to; -1 for instances made by user code.
    internal int Generation { get; private init; }

    internal static CircuitBrokenException Create(string circuitName, TimeSpan? retryAfter, int generation) =>
        retryAfter is { } after
            ? new CircuitBrokenException(circuitName, after) { Generation = generation }
            : new CircuitBrokenException(circuitName) { Generation = generation };
}
