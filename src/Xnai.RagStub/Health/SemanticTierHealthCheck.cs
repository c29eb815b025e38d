using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xnai.RagStub.Semantic;
using Xnai.Resilience;
using Xnai.Chaos;

namespace Xnai.RagStub.Health;

/// <summary>
/// Reports the semantic tier. Never Unhealthy: without it rag still answers with BM25, so it is Degraded when the tier
/// is warming, failed, disabled, faulted on purpose, or its breaker is not closed.
/// </summary>
public sealed class SemanticTierHealthCheck(
    SemanticIndex index,
    SentenceEmbedder embedder,
    CircuitBreakerRegistry breakers,
    [FromKeyedServices(SemanticFaults.Target)] FaultControl faults) : IHealthCheck
{
    /// <summary>Name under which the check is registered.</summary>
    public const string Name = "semantic";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var breaker = breakers.Get(SemanticOptions.BreakerName).GetSnapshot();
        var data = new Dictionary<string, object>
        {
            ["state"] = index.State.ToString().ToLowerInvariant(),
            ["model"] = embedder.ModelId,
            ["passages"] = index.Vectors?.Count ?? 0,
            ["computed"] = index.Computed,
            ["reused"] = index.Reused,
            ["breaker"] = breaker.State.ToString().ToLowerInvariant(),
            ["faults"] = faults.Current.IsActive,
        };
        var result = (index.State, breaker.State, faults.Current.IsActive) switch
        {
            (SemanticTierState.Disabled, _, _) => HealthCheckResult.Degraded("Semantic tier disabled: keyword retrieval only.", data: data),
            (SemanticTierState.Warming, _, _) => HealthCheckResult.Degraded("Semantic tier warming up: keyword retrieval until the vectors are ready.", data: data),
            (SemanticTierState.Failed, _, _) => HealthCheckResult.Degraded("Semantic tier failed to build: keyword retrieval only, retrying.", data: data),
            (_, not CircuitState.Closed, _) => HealthCheckResult.Degraded($"Semantic tier breaker is {data["breaker"]}: keyword retrieval only.", data: data),
            (_, _, true) => HealthCheckResult.Degraded("Chaos faults are active on the semantic tier.", data: data),
            _ => HealthCheckResult.Healthy("Hybrid retrieval (keyword + semantic).", data),
        };
        return Task.FromResult(result);
    }
}
