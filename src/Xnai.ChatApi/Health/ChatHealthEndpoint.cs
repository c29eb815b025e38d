using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Xnai.ChatApi.AnswerStore;
using Xnai.ChatApi.Sessions;
using Xnai.Contracts;
using Xnai.Resilience;

namespace Xnai.ChatApi.Health;

/// <summary>
/// <c>GET /health</c>: the health checks' worst status (the service's own, one <see cref="DependencyHealthCheck"/> per
/// dependency, the <see cref="SessionBufferHealthCheck"/>), whether each dependency is usable, every breaker's snapshot and
/// the session buffer. 200 for healthy and degraded (a degraded instance still answers and must not be restarted), 503 only
/// when chatapi itself cannot serve.
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

    // /health must answer fast with Redis down or slow: the store's size is then reported as unknown (null).
    private static readonly TimeSpan AnswerStoreCountTimeout = TimeSpan.FromMilliseconds(250);

    private static readonly string Version =
        typeof(ChatHealthEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ChatHealthEndpoint).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Registers the checks <c>/health</c> reports: one per dependency and the session buffer.</summary>
    public static IHealthChecksBuilder AddChatHealthChecks(this IHealthChecksBuilder checks)
    {
        foreach (var dependency in XnaiDependencies.All)
        {
            checks.Add(new HealthCheckRegistration(
                dependency.Wire,
                sp => ActivatorUtilities.CreateInstance<DependencyHealthCheck>(sp, dependency),
                failureStatus: null,
                tags: [DependencyHealthCheck.Tag]));
        }

        return checks.AddCheck<SessionBufferHealthCheck>(SessionBufferHealthCheck.Name);
    }

    public static IEndpointRouteBuilder MapChatHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Microsoft.Extensions.Hosting.Extensions.HealthPath, GetHealth)
            .WithName("Health")
            .WithTags("Operations")
            .WithSummary("Health with every dependency and circuit breaker; 200 healthy/degraded, 503 unhealthy.");
        return endpoints;
    }

    private static async Task<IResult> GetHealth(
        HealthCheckService checks,
        CircuitBreakerRegistry breakers,
        PendingTurnBuffer buffer,
        LastGoodAnswerStore answers,
        IOptionsMonitor<LastGoodAnswersOptions> answerOptions,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(cancellationToken);
        var settings = answerOptions.CurrentValue;
        var shared = await answers.CountSharedAsync(AnswerStoreCountTimeout);
        var services = XnaiDependencies.All.ToDictionary(
            d => d.Wire,
            d => report.Entries.TryGetValue(d.Wire, out var entry) && entry.Data.TryGetValue(DependencyHealthCheck.Usable, out var usable) && usable is true);

        var body = new HealthResponse(
            HealthReportWriter.ToWire(report.Status),
            ServiceName,
            Version,
            timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            services,
            breakers.All.ToDictionary(b => b.Name, b => BreakerHealth.From(b.GetSnapshot())),
            new SessionBufferHealth(buffer.Count, buffer.Capacity, buffer.Overflowed, buffer.Bytes, buffer.MaxBytes, buffer.IsOverflowing),
            new AnswerStoreHealth(settings.Enabled, shared, settings.MaxEntries, answers.Local.Count, answers.Local.Capacity, (long)settings.MaxAge.TotalSeconds));

        return TypedResults.Json(body, Json, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    /// <summary>The body of <c>GET /health</c> (snake_case on the wire).</summary>
    internal sealed record HealthResponse(
        string Status,
        string Service,
        string Version,
        long Timestamp,
        IReadOnlyDictionary<string, bool> Services,
        IReadOnlyDictionary<string, BreakerHealth> CircuitBreakers,
        SessionBufferHealth SessionBuffer,
        AnswerStoreHealth AnswerStore);

    /// <summary>The last-good-answer store: entries in Redis (null when Redis did not answer), in this replica's memory, and the bounds.</summary>
    internal sealed record AnswerStoreHealth(bool Enabled, long? Entries, int MaxEntries, int LocalEntries, int LocalMaxEntries, long MaxAgeSeconds);

    /// <summary>The pending-turn buffer: turns and bytes held while Redis is unavailable, and the bounds.</summary>
    internal sealed record SessionBufferHealth(int Pending, int Capacity, long Overflowed, long PendingBytes, long MaxBytes, bool Overflowing);
}
