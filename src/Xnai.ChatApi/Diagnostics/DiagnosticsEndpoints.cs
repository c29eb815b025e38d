using Microsoft.AspNetCore.Http.HttpResults;
using Xnai.ServiceDefaults.Security;

namespace Xnai.ChatApi.Diagnostics;

/// <summary>Diagnostic endpoints for operators and whole-app tests.</summary>
public static class DiagnosticsEndpoints
{
    /// <summary>Maps <c>GET /api/diagnostics/dependencies</c>.</summary>
    public static RouteGroupBuilder MapDiagnosticsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Operators only: the answer names internal addresses.
        var group = endpoints.MapGroup("/api/diagnostics").WithTags("Diagnostics").RequireAdminKey();
        group.MapGet("/dependencies", ProbeDependencies)
            .WithName("ProbeDependencies")
            .WithSummary("Calls rag, voice (service discovery) and Redis (connection string) once each, for real (admin key).");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<DependencyProbeResult>>> ProbeDependencies(DependencyProbe probe, CancellationToken cancellationToken) =>
        TypedResults.Ok(await probe.ProbeAllAsync(TimeSpan.FromSeconds(5), cancellationToken));
}
