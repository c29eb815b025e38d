using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Xnai.ChatApi.Health;
using Xnai.Resilience;
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

        group.MapGet("/stream", (CircuitBreakerRegistry breakers, TimeProvider timeProvider, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
                TypedResults.ServerSentEvents(Stream(breakers, timeProvider, lifetime.ApplicationStopping, cancellationToken), eventType: "circuit"))
            .WithName("StreamCircuitEvents")
            .WithSummary("Server-Sent Events: each breaker's current state (kind \"state\"), then every event as it happens.");

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

    /// <summary>
    /// The stream ends when the client goes away or the app stops: an open stream must not hold up a graceful shutdown
    /// (the browser reconnects by itself once the app is back).
    /// </summary>
    private static async IAsyncEnumerable<EventView> Stream(
        CircuitBreakerRegistry breakers,
        TimeProvider timeProvider,
        CancellationToken stopping,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        await using var live = breakers.WatchAsync(linked.Token).GetAsyncEnumerator(linked.Token);

        // Subscribe before sending the current states, so no transition can fall between the two.
        var next = live.MoveNextAsync();
        var now = timeProvider.GetUtcNow();
        foreach (var snapshot in breakers.All.Select(b => b.GetSnapshot()))
        {
            yield return new EventView(now, snapshot.Name, "state", null, CircuitStateNames.ToWire(snapshot.State), null);
        }

        while (true)
        {
            bool more;
            try
            {
                more = await next;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                more = false;
            }

            if (!more)
            {
                yield break;
            }

            yield return EventView.Of(live.Current);
            next = live.MoveNextAsync();
        }
    }

    private sealed record EventView(DateTimeOffset At, string Circuit, string Kind, string? From, string? To, string? Detail)
    {
        public static EventView Of(CircuitEvent e) => new(
            e.At, e.Circuit, e.Kind, e.From is { } f ? CircuitStateNames.ToWire(f) : null, e.To is { } t ? CircuitStateNames.ToWire(t) : null, e.Detail);
    }
}
