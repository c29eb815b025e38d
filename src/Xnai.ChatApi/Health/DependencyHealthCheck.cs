using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xnai.ChatApi.Diagnostics;
using Xnai.Contracts;
using Xnai.Resilience;

namespace Xnai.ChatApi.Health;

/// <summary>
/// One dependency: reachable (the cached probe) and its breaker closed is Healthy; anything else is Degraded, never
/// Unhealthy, because chatapi answers with a fallback then. <c>usable</c> in the data is what <c>/health</c>'s
/// <c>services</c> shows: reachable, and the breaker letting calls through (closed, or switched off by an operator).
/// </summary>
public sealed class DependencyHealthCheck(XnaiDependency dependency, CachedDependencyProbe probe, CircuitBreakerRegistry breakers) : IHealthCheck
{
    /// <summary>Tag of the checks <c>/health</c> reports as dependencies.</summary>
    public const string Tag = "dependency";

    /// <summary>Key of the data entry saying whether chatapi would use the dependency.</summary>
    public const string Usable = "usable";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probes = await probe.GetAsync(cancellationToken).ConfigureAwait(false);
        var reachable = probes.FirstOrDefault(p => p.Name == dependency.Resource)?.Reachable ?? false;
        var state = breakers.Get(dependency.Breaker).State;
        var data = new Dictionary<string, object>
        {
            [Usable] = reachable && state is CircuitState.Closed or CircuitState.Disabled,
            ["breaker"] = CircuitStateNames.ToWire(state),
        };
        return (reachable, state) switch
        {
            (true, CircuitState.Closed) => HealthCheckResult.Healthy($"{dependency.Resource} answers; breaker closed.", data),
            (false, _) => HealthCheckResult.Degraded($"{dependency.Resource} does not answer its probe.", data: data),
            _ => HealthCheckResult.Degraded($"{dependency.Resource} answers; breaker {CircuitStateNames.ToWire(state)}.", data: data),
        };
    }
}
