using Polly;

namespace Xnai.Resilience;

/// <summary>Properties a callback can set on its <see cref="ResilienceContext"/> for the breaker to read.</summary>
public static class CircuitBreakerProperties
{
    /// <summary>
    /// How long the call waited for something local before the dependency was called (a queue, a pool slot). When set,
    /// the slow-call rule judges the call's time without it: waiting for a turn is not the dependency being slow, and
    /// under load it would open the breaker for everyone. Everything else inside the breaker (a timeout, injected
    /// latency, the dependency) still counts. The breaker clears it after reading, so a retried attempt is judged on
    /// its own. Unset: the whole call.
    /// </summary>
    public static readonly ResiliencePropertyKey<TimeSpan?> LocalWait = new("Xnai.Resilience.LocalWait");
}
