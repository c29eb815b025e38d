using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Xnai.ChatApi.Cluster;

/// <summary>The cluster-wide breaker view, beside the per-replica <c>/api/circuits</c>.</summary>
public static class ClusterEndpoints
{
    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder circuits)
    {
        circuits.MapGet("/cluster", GetClusterAsync)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("GetCircuitCluster")
            .WithSummary("Every live replica's breakers (published every few seconds) and a per-breaker summary; 503 while Redis is unreachable.");
        return circuits;
    }

    private static async Task<Results<JsonHttpResult<ClusterView>, ProblemHttpResult>> GetClusterAsync(ClusterViewReader reader)
    {
        try
        {
            return TypedResults.Json(await reader.ReadAsync().ConfigureAwait(false), ClusterSnapshotPublisher.Json);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Cluster view unavailable",
                detail: "The replicas share their breaker snapshots through Redis, which cannot be reached now. /api/circuits still shows this replica's breakers.");
        }
    }
}
