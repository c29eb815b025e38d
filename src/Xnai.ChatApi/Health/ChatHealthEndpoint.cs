using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xnai.ChatApi.Diagnostics;
using Xnai.ChatApi.Sessions;
using Xnai.Contracts;
using Xnai.Resilience;

namespace Xnai.ChatApi.Health;

/// <summary>
/// <c>GET /health</c> in the seed's shape, extended: overall status, each dependency's reachability, every breaker's
/// snapshot and the session buffer. Reachability comes from <see cref="CachedDependencyProbe"/> (refreshed every few seconds at most). 200 for healthy and degraded (a degraded instance still answers and must not be
/// restarted), 503 only when chatapi itself cannot serve.
/// </summary>
public static class ChatHealthEndpoint
{
    public const string ServiceName = "xnai-chatapi";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly string Version =
        typeof(ChatHealthEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ChatHealthEndpoint).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static IEndpointRouteBuilder MapChatHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Microsoft.Extensions.Hosting.Extensions.HealthPath, GetHealth)
            .WithName("Health")
            .WithTags("Operations")
            .WithSummary("Health with every dependency and circuit breaker; 200 healthy/degraded, 503 unhealthy.");
        return endpoints;
    }

    private static async Task<IResult> GetHealth(
        CachedDependencyProbe probe,
        CircuitBreakerRegistry breakers,
        PendingTurnBuffer buffer,
        HealthCheckService checks,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var selfTask = checks.CheckHealthAsync(r => r.Tags.Contains("live"), cancellationToken);
        var probes = (await probe.GetAsync(cancellationToken)).ToDictionary(p => p.Name, p => p.Reachable);
        var self = await selfTask;

        var snapshots = breakers.All.Select(b => b.GetSnapshot()).ToDictionary(s => s.Name);
        bool Usable(string probeName, string breakerName) =>
            probes.GetValueOrDefault(probeName)
            && (!snapshots.TryGetValue(breakerName, out var s) || s.State is CircuitState.Closed or CircuitState.Disabled);

        var services = XnaiDependencies.All.ToDictionary(d => d.Wire, d => Usable(d.Resource, d.Breaker));

        var status = self.Status == HealthStatus.Unhealthy
            ? HealthStatus.Unhealthy
            : services.Values.All(up => up) && snapshots.Values.All(s => s.State == CircuitState.Closed) && buffer.Count == 0 && !buffer.IsOverflowing
                ? HealthStatus.Healthy
                : HealthStatus.Degraded;

        var body = new HealthResponse(
            HealthReportWriter.ToWire(status),
            ServiceName,
            Version,
            timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            services,
            snapshots.ToDictionary(kv => kv.Key, kv => BreakerHealth.From(kv.Value)),
            new SessionBufferHealth(buffer.Count, buffer.Capacity, buffer.Overflowed, buffer.Bytes, buffer.MaxBytes, buffer.IsOverflowing));

        return TypedResults.Json(body, Json, statusCode: status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private sealed record HealthResponse(
        string Status,
        string Service,
        string Version,
        long Timestamp,
        IReadOnlyDictionary<string, bool> Services,
        IReadOnlyDictionary<string, BreakerHealth> CircuitBreakers,
        SessionBufferHealth SessionBuffer);

    private sealed record SessionBufferHealth(int Pending, int Capacity, long Overflowed, long PendingBytes, long MaxBytes, bool Overflowing);
}
