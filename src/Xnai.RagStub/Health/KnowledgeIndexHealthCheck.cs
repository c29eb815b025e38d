using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xnai.RagStub.Search;

namespace Xnai.RagStub.Health;

/// <summary>Reports the size of the index; an empty index cannot answer anything.</summary>
public sealed class KnowledgeIndexHealthCheck(KnowledgeIndex index) : IHealthCheck
{
    /// <summary>Name under which the check is registered.</summary>
    public const string Name = "knowledge";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["documents"] = index.DocumentCount,
            ["passages"] = index.PassageCount,
            ["source"] = index.Source,
        };
        var result = index.PassageCount switch
        {
            0 => HealthCheckResult.Unhealthy("The knowledge index is empty.", data: data),
            _ => HealthCheckResult.Healthy($"{index.DocumentCount} documents, {index.PassageCount} passages indexed.", data),
        };
        return Task.FromResult(result);
    }
}
