using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Xnai.ChatApi.Cluster;
using Xnai.ChatApi.Health;
using Xnai.Resilience;
using Xnai.ServiceDefaults;
using Xnai.ServiceDefaults.Http;
using Xnai.ServiceDefaults.Security;

namespace Xnai.ChatApi.Circuits;

/// <summary>Operators' view and controls of the circuit breakers.</summary>
public static class CircuitEndpoints
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static RouteGroupBuilder MapCircuitEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/circuits").WithTags("Circuits");

        group.MapGet("/", (CircuitBreakerRegistry breakers) =>
                TypedResults.Json(breakers.All.ToDictionary(b => b.Name, b => BreakerHealth.From(b.GetSnapshot())), Json))
            .WithName("GetCircuits")
            .WithSummary("Every breaker's snapshot: state, counts, rates, last failure, retry-after.");

        group.MapGet("/events", (CircuitBreakerRegistry breakers) => TypedResults.Json(breakers.GetRecentEvents().Select(CircuitEventView.Of), Json))
            .WithName("GetCircuitEvents")
            .WithSummary("Recent transitions, failures and rejection summaries, oldest first.");

        // The stream ends itself after its maximum lifetime; its deadline is that plus a margin, not the default 30 s.
        var stream = endpoints.ServiceProvider.GetRequiredService<IOptions<CircuitStreamOptions>>().Value;
        group.MapGet("/stream", (HttpContext context, CircuitEventStream events) => events.HandleAsync(context))
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("StreamCircuitEvents")
            .WithSummary("Server-Sent Events: each breaker's current state (kind \"state\"), then every event as it happens; heartbeat comments, bounded lifetime.")
            .WithRequestTimeout(HttpLimitsExtensions.TimeoutPolicy(stream.MaxLifetime + TimeSpan.FromSeconds(30)));

        // Operator actions are cluster-wide: every replica applies them, and the answer says how many acknowledged.
        var admin = group.MapGroup("/{name}").RequireAdminKey();
        admin.MapPost("/isolate", (string name, CircuitBreakerRegistry breakers, ClusterBreakerControl cluster, CancellationToken ct) => ControlAsync(name, "isolate", breakers, cluster, ct))
            .WithName("IsolateCircuit").WithSummary("Forces the breaker open until reset, on every replica (admin key).");
        admin.MapPost("/reset", (string name, CircuitBreakerRegistry breakers, ClusterBreakerControl cluster, CancellationToken ct) => ControlAsync(name, "reset", breakers, cluster, ct))
            .WithName("ResetCircuit").WithSummary("Closes the breaker and clears its counts, on every replica (admin key).");
        admin.MapPost("/disable", (string name, CircuitBreakerRegistry breakers, ClusterBreakerControl cluster, CancellationToken ct) => ControlAsync(name, "disable", breakers, cluster, ct))
            .WithName("DisableCircuit").WithSummary("Forces the breaker closed, on every replica; it keeps measuring (admin key).");
        group.MapClusterEndpoints();
        return group;
    }

    private static async Task<Results<JsonHttpResult<CircuitControlResponse>, ProblemHttpResult>> ControlAsync(
        string name, string action, CircuitBreakerRegistry breakers, ClusterBreakerControl cluster, CancellationToken cancellationToken)
    {
        if (!breakers.TryGet(name, out var breaker))
        {
            return TypedResults.Problem(statusCode: 404, title: "Unknown circuit", detail: $"No circuit named '{PublicText.Redact(name)}'. Known: {string.Join(", ", breakers.All.Select(b => b.Name))}.");
        }

        return TypedResults.Json(await cluster.ApplyAsync(breaker, action, cancellationToken).ConfigureAwait(false), Json);
    }
}
