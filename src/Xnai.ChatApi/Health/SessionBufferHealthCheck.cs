using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xnai.ChatApi.Sessions;

namespace Xnai.ChatApi.Health;

/// <summary>Turns waiting for Redis make chatapi Degraded (they are lost if it stops); an empty buffer is Healthy.</summary>
public sealed class SessionBufferHealthCheck(PendingTurnBuffer buffer) : IHealthCheck
{
    /// <summary>Name under which the check is registered.</summary>
    public const string Name = "session_buffer";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult((buffer.Count, buffer.IsOverflowing) switch
        {
            (_, true) => HealthCheckResult.Degraded($"The session buffer is full: {buffer.Overflowed} turns could not be kept."),
            (0, false) => HealthCheckResult.Healthy("No turns waiting for Redis."),
            _ => HealthCheckResult.Degraded($"{buffer.Count} turns waiting for Redis."),
        });
}
