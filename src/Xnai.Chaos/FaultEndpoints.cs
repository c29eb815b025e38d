using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Xnai.ServiceDefaults.Security;

namespace Xnai.Chaos;

/// <summary>Operator endpoints that switch chaos faults on and off at run time.</summary>
public static class FaultEndpoints
{
    /// <summary>Route of the faults resource.</summary>
    public const string Path = "/api/admin/faults";

    /// <summary>Largest latency accepted: beyond a minute every caller has timed out anyway.</summary>
    public const int MaxLatencyMs = 60_000;

    /// <summary>Longest duration accepted, one day.</summary>
    public const int MaxDurationSeconds = 86_400;

    /// <summary>
    /// Maps <c>GET</c>, <c>POST</c> and <c>DELETE</c> <c>/api/admin/faults</c>, all behind the admin key.
    /// Needs <see cref="FaultInjectionServiceCollectionExtensions.AddXnaiFaultInjection"/>.
    /// </summary>
    public static RouteGroupBuilder MapFaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path).WithTags("Faults").RequireAdminKey();

        group.MapGet("", GetFaults)
            .WithName("GetFaults")
            .WithSummary("Shows the chaos faults in force.");

        group.MapPost("", SetFaultsAsync)
            .WithName("SetFaults")
            .WithSummary("Injects failures, latency or an outage until cleared or for durationSeconds.")
            .Accepts<FaultRequest>("application/json");

        group.MapDelete("", ClearFaults)
            .WithName("ClearFaults")
            .WithSummary("Removes every chaos fault.");

        return group;
    }

    internal static Ok<FaultState> GetFaults(FaultControl control) => TypedResults.Ok(FaultState.From(control.Current));

    internal static Ok<FaultState> ClearFaults(FaultControl control)
    {
        control.Clear();
        return TypedResults.Ok(FaultState.From(FaultSettings.None));
    }

    // The body is read by hand so a malformed one gets a 400 that says what is wrong, in every environment.
    internal static async Task<Results<Ok<FaultState>, ValidationProblem, ProblemHttpResult>> SetFaultsAsync(
        HttpRequest request, FaultControl control, CancellationToken cancellationToken)
    {
        FaultRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<FaultRequest>(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed request body",
                detail: "Expected JSON such as {\"errorRate\": 0.5, \"latencyMs\": 2000, \"outage\": false, \"durationSeconds\": 300}.");
        }

        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing request body");
        }

        var errors = Validate(body);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid fault settings");
        }

        var duration = body.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var settings = control.Set(body.ErrorRate ?? 0, body.LatencyMs ?? 0, body.Outage ?? false, duration);
        return TypedResults.Ok(FaultState.From(settings));
    }

    internal static Dictionary<string, string[]> Validate(FaultRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ErrorRate is { } rate && !(double.IsFinite(rate) && rate is >= 0 and <= 1))
        {
            errors["errorRate"] = ["errorRate must be between 0 and 1."];
        }

        if (body.LatencyMs is < 0 or > MaxLatencyMs)
        {
            errors["latencyMs"] = [$"latencyMs must be between 0 and {MaxLatencyMs}."];
        }

        if (body.DurationSeconds is < 1 or > MaxDurationSeconds)
        {
            errors["durationSeconds"] = [$"durationSeconds must be between 1 and {MaxDurationSeconds}."];
        }

        if (errors.Count == 0 && (body.ErrorRate ?? 0) == 0 && (body.LatencyMs ?? 0) == 0 && body.Outage != true)
        {
            errors[""] = ["Nothing to inject: set errorRate, latencyMs or outage (use DELETE to clear faults)."];
        }

        return errors;
    }
}
