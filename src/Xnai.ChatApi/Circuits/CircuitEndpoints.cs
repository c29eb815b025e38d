using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Xnai.ChatApi.Health;
using Xnai.ServiceDefaults.Resilience;
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

        group.MapGet("/events", (CircuitBreakerRegistry breakers) => TypedResults.Json(breakers.GetRecentEvents().Select(EventView.Of), Json))
            .WithName("GetCircuitEvents")
            .WithSummary("Recent transitions, failures and rejection summaries, oldest first.");

        group.MapGet("/stream", (CircuitBreakerRegistry breakers, CancellationToken cancellationToken) =>
                TypedResults.ServerSentEvents(Stream(breakers, cancellationToken), eventType: "circuit"))
            .WithName("StreamCircuitEvents")
            .WithSummary("Server-Sent Events: one event per breaker transition, live.");

        var admin = group.MapGroup("/{name}").RequireAdminKey();
        admin.MapPost("/isolate", (string name, CircuitBreakerRegistry breakers) => Control(name, breakers, b => b.Isolate()))
            .WithName("IsolateCircuit").WithSummary("Forces the breaker open until reset (admin key).");
        admin.MapPost("/reset", (string name, CircuitBreakerRegistry breakers) => Control(name, breakers, b => b.Reset()))
            .WithName("ResetCircuit").WithSummary("Closes the breaker and clears its counts (admin key).");
        admin.MapPost("/disable", (string name, CircuitBreakerRegistry breakers) => Control(name, breakers, b => b.Disable()))
            .WithName("DisableCircuit").WithSummary("Forces the breaker closed; it keeps measuring (admin key).");
        return group;
    }

    private static Results<JsonHttpResult<BreakerHealth>, ProblemHttpResult> Control(string name, CircuitBreakerRegistry breakers, Action<CircuitBreaker> action)
    {
        if (!breakers.TryGet(name, out var breaker))
        {
            return TypedResults.Problem(statusCode: 404, title: "Unknown circuit", detail: $"No circuit named '{name}'. Known: {string.Join(", ", breakers.All.Select(b => b.Name))}.");
        }

        action(breaker);
        return TypedResults.Json(BreakerHealth.From(breaker.GetSnapshot()), Json);
    }

    private static async IAsyncEnumerable<EventView> Stream(CircuitBreakerRegistry breakers, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in breakers.WatchAsync(cancellationToken))
        {
            yield return EventView.Of(item);
        }
    }

    private sealed record EventView(DateTimeOffset At, string Circuit, string Kind, string? From, string? To, string? Detail)
    {
        public static EventView Of(CircuitEvent e) => new(
            e.At, e.Circuit, e.Kind, e.From is { } f ? CircuitStateNames.ToWire(f) : null, e.To is { } t ? CircuitStateNames.ToWire(t) : null, e.Detail);
    }
}
