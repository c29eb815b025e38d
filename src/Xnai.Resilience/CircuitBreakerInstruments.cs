namespace Xnai.Resilience;

/// <summary>
/// Meter, instrument and tag names of the breakers. The OpenTelemetry Prometheus exporter appends
/// <c>_total</c> to counters and the unit to the name, so the scraped names are:
/// <c>circuit_breaker_state</c>, <c>circuit_breaker_failures_total</c>, <c>circuit_breaker_recoveries_total</c>,
/// <c>circuit_breaker_rejections_total</c>, <c>circuit_breaker_calls_total</c>, <c>circuit_breaker_trips_total</c>,
/// <c>circuit_breaker_failure_rate</c>, <c>circuit_breaker_slow_call_rate</c> and the histogram
/// <c>circuit_breaker_recovery_time_seconds</c> (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>).
/// </summary>
public static class CircuitBreakerInstruments
{
    /// <summary>Meter name; register it with your metrics exporter (Xnai.ServiceDefaults does).</summary>
    public const string MeterName = "Xnai.CircuitBreakers";

    /// <summary>Gauge: 0 closed, 1 open, 2 half_open, 3 isolated, 4 disabled.</summary>
    public const string State = "circuit_breaker_state";

    /// <summary>Counter: calls classified as failures.</summary>
    public const string Failures = "circuit_breaker_failures";

    /// <summary>Counter: automatic recoveries (half-open probes succeeded after an outage).</summary>
    public const string Recoveries = "circuit_breaker_recoveries";

    /// <summary>Counter: calls rejected without reaching the dependency.</summary>
    public const string Rejections = "circuit_breaker_rejections";

    /// <summary>Counter: calls let through.</summary>
    public const string Calls = "circuit_breaker_calls";

    /// <summary>Counter: times the circuit opened.</summary>
    public const string Trips = "circuit_breaker_trips";

    /// <summary>Histogram (seconds): from the first trip of an outage to the recovery.</summary>
    public const string RecoveryTime = "circuit_breaker_recovery_time";

    /// <summary>Gauge: failure ratio in the sampling window (0..1).</summary>
    public const string FailureRate = "circuit_breaker_failure_rate";

    /// <summary>Gauge: slow-call ratio in the sampling window (0..1).</summary>
    public const string SlowCallRate = "circuit_breaker_slow_call_rate";

    /// <summary>Tag carrying the breaker name.</summary>
    public const string ServiceTag = "service";
}
