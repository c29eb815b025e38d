using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Xnai.Chaos;

/// <summary>Reports Degraded while chaos faults are active, so nobody mistakes an experiment for an incident.</summary>
public sealed class FaultInjectionHealthCheck(FaultControl control) : IHealthCheck
{
    /// <summary>Name under which the check is registered.</summary>
    public const string Name = "faults";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = control.Current;
        var result = settings.IsActive switch
        {
            true => HealthCheckResult.Degraded("Chaos faults are active.", data: Describe(settings)),
            false => HealthCheckResult.Healthy("No chaos faults."),
        };
        return Task.FromResult(result);
    }

    private static Dictionary<string, object> Describe(FaultSettings settings)
    {
        var data = new Dictionary<string, object>
        {
            ["errorRate"] = settings.ErrorRate,
            ["latencyMs"] = settings.LatencyMs,
            ["outage"] = settings.Outage,
        };
        if (settings.ExpiresAt is { } expiresAt)
        {
            data["expiresAt"] = expiresAt;
        }

        return data;
    }
}
