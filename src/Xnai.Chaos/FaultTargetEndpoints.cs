using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Xnai.ServiceDefaults.Security;

namespace Xnai.Chaos;

/// <summary>
/// Chaos controls for a second, named fault target inside a service (for example rag's semantic tier), with the same
/// body, validation and answers as <see cref="FaultEndpoints"/>, at <c>/api/admin/faults/{target}</c>.
/// </summary>
public static class FaultTargetEndpoints
{
    /// <summary>Route of a named target's faults.</summary>
    public static string PathOf(string target) => $"{FaultEndpoints.Path}/{target}";

    /// <summary>Maps <c>GET</c>, <c>POST</c> and <c>DELETE</c> <c>/api/admin/faults/{target}</c> for <paramref name="control"/>, behind the admin key.</summary>
    public static RouteGroupBuilder MapFaultTargetEndpoints(this IEndpointRouteBuilder endpoints, string target, FaultControl control)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(control);
        var name = string.Concat(char.ToUpperInvariant(target[0]), target[1..]);
        var group = endpoints.MapGroup(PathOf(target)).WithTags("Faults").RequireAdminKey();

        group.MapGet("", () => FaultEndpoints.GetFaults(control))
            .WithName($"Get{name}Faults")
            .WithSummary($"Shows the chaos faults in force on the {target} target.");

        group.MapPost("", (HttpRequest request, CancellationToken cancellationToken) => FaultEndpoints.SetFaultsAsync(request, control, cancellationToken))
            .WithName($"Set{name}Faults")
            .WithSummary($"Injects failures, latency or an outage on the {target} target until cleared or for durationSeconds.")
            .Accepts<FaultRequest>("application/json");

        group.MapDelete("", () => FaultEndpoints.ClearFaults(control))
            .WithName($"Clear{name}Faults")
            .WithSummary($"Removes every chaos fault on the {target} target.");

        return group;
    }
}
