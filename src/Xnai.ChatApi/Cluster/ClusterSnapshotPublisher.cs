using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xnai.ChatApi.Health;
using Xnai.Resilience;

namespace Xnai.ChatApi.Cluster;

/// <summary>
/// Publishes this replica's breaker snapshots to Redis every <see cref="ClusterOptions.PublishInterval"/> with a TTL of
/// <see cref="ClusterOptions.SnapshotTimeToLive"/>: a replica that stops publishing drops out of the cluster view by itself.
/// </summary>
public sealed class ClusterSnapshotPublisher(
    IConnectionMultiplexer redis,
    CircuitBreakerRegistry breakers,
    ReplicaIdentity replica,
    IOptionsMonitor<ClusterOptions> options,
    TimeProvider timeProvider,
    ILogger<ClusterSnapshotPublisher> logger) : BackgroundService
{
    internal static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes one snapshot now; false when Redis could not be reached.</summary>
    public async Task<bool> PublishAsync()
    {
        var snapshot = new ReplicaSnapshot(replica.Id, timeProvider.GetUtcNow(), breakers.All.ToDictionary(b => b.Name, b => BreakerHealth.From(b.GetSnapshot())));
        try
        {
            var db = redis.GetDatabase();
            await Task.WhenAll(
                db.StringSetAsync(ClusterKeys.Snapshot(replica.Id), JsonSerializer.Serialize(snapshot, Json), options.CurrentValue.SnapshotTimeToLive),
                db.SortedSetAddAsync(ClusterKeys.Replicas, replica.Id, snapshot.At.ToUnixTimeMilliseconds())).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogDebug(ex, "Breaker snapshots not published");
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PublishAsync().ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.CurrentValue.PublishInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await PublishAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // A replica that stops leaves the view at once instead of after its TTL. Best effort: when Redis cannot be
        // reached, or the connection is already closed, the snapshot expires by its TTL. "Already closed" happens when
        // the host is stopped twice at once: ASP.NET Core's test host with a minimal-hosting Program does that (its
        // stop wakes the entry point's app.Run(), which stops again and disposes the services mid-way,
        // dotnet/aspnetcore#40271); a test that stopped a replica failed on it once in a CI run.
        try
        {
            var db = redis.GetDatabase();
            await Task.WhenAll(db.KeyDeleteAsync(ClusterKeys.Snapshot(replica.Id)), db.SortedSetRemoveAsync(ClusterKeys.Replicas, replica.Id)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug(ex, "Snapshot of a stopping replica left to expire");
        }
    }
}
