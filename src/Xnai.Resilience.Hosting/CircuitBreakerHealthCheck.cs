using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Xnai.Resilience.Hosting;

/// <summary>
/// One breaker as a health check: closed (or disabled by an operator, which still lets calls through) is Healthy,
/// half-open is Degraded, open or isolated is the given failure status (Degraded
/// by default: a service with a fallback still answers while a dependency's breaker is open). The data carries the wire
/// state and the seconds until the next probe.
/// </summary>
public sealed class CircuitBreakerHealthCheck(CircuitBreakerRegistry registry, string breakerName, HealthStatus failureStatus) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = registry.Get(breakerName).GetSnapshot();
        var state = CircuitStateNames.ToWire(snapshot.State);
        var data = new Dictionary<string, object> { ["breaker"] = state };
        if (snapshot.RetryAfter is { } retry)
        {
            data["retry_after_seconds"] = Math.Round(retry.TotalSeconds, 1);
        }

        var result = snapshot.State switch
        {
            CircuitState.Closed or CircuitState.Disabled => HealthCheckResult.Healthy($"Breaker {breakerName} is {state}.", data),
            CircuitState.HalfOpen => HealthCheckResult.Degraded($"Breaker {breakerName} is {state}: probing.", data: data),
            _ => new HealthCheckResult(failureStatus, $"Breaker {breakerName} is {state}.", data: data),
        };
        return Task.FromResult(result);
    }
}
