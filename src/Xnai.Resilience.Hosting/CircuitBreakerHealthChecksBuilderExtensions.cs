using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Xnai.Resilience.Hosting;

/// <summary>Adds circuit breakers to the health checks, the way client libraries add their own checks.</summary>
public static class CircuitBreakerHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check named <c>breaker:&lt;name&gt;</c> that reports the breaker's state (see <see cref="CircuitBreakerHealthCheck"/>).
    /// The breaker is taken from the <see cref="CircuitBreakerRegistry"/> registered with
    /// <see cref="CircuitBreakerServiceCollectionExtensions.AddXnaiCircuitBreaker"/>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="breakerName">The breaker, for example <c>rag_api</c>.</param>
    /// <param name="failureStatus">Status while the breaker is open or isolated; Degraded unless the service cannot work without the dependency.</param>
    /// <param name="tags">Tags of the check, for filtering endpoints.</param>
    public static IHealthChecksBuilder AddXnaiCircuitBreaker(
        this IHealthChecksBuilder builder, string breakerName, HealthStatus failureStatus = HealthStatus.Degraded, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(breakerName);
        builder.Services.AddXnaiCircuitBreaker(breakerName);
        return builder.Add(new HealthCheckRegistration(
            $"breaker:{breakerName}",
            sp => new CircuitBreakerHealthCheck(sp.GetRequiredService<CircuitBreakerRegistry>(), breakerName, failureStatus),
            failureStatus,
            tags));
    }
}
