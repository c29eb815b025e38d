using Polly;

namespace Xnai.Resilience;

/// <summary>Identifies the Xnai breaker in a pipeline descriptor (Polly.Testing) and in Polly telemetry.</summary>
public sealed class XnaiCircuitBreakerStrategyOptions : ResilienceStrategyOptions
{
    /// <summary>Creates options named after the breaker.</summary>
    public XnaiCircuitBreakerStrategyOptions(CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        Breaker = breaker;
        Name = $"XnaiCircuitBreaker:{breaker.Name}";
    }

    /// <summary>The breaker the strategy reports to.</summary>
    public CircuitBreaker Breaker { get; }
}
