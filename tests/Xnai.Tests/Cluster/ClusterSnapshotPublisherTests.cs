using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xnai.ChatApi.Cluster;
using Xnai.Resilience;
using Xnai.Resilience.Hosting;
using Xnai.Tests.Http;

namespace Xnai.Tests.Cluster;

/// <summary>The snapshot publisher on a real redis-server: it leaves the view on stop, and stopping never throws.</summary>
[Trait("Category", "Unit")]
public sealed class ClusterSnapshotPublisherTests(RedisServerFixture redisServer) : IClassFixture<RedisServerFixture>
{
    private static ClusterSnapshotPublisher Publisher(IConnectionMultiplexer redis, string replica)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddXnaiCircuitBreaker("rag_api");
        services.AddOptions<ClusterOptions>();
        var provider = services.BuildServiceProvider();
        return new(
            redis,
            provider.GetRequiredService<CircuitBreakerRegistry>(),
            new ReplicaIdentity(replica, fromEnvironment: true),
            provider.GetRequiredService<IOptionsMonitor<ClusterOptions>>(),
            TimeProvider.System,
            NullLogger<ClusterSnapshotPublisher>.Instance);
    }

    [Fact]
    public async Task Stop_RemovesTheReplicaFromTheView()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisServer.ConnectionString);
        var publisher = Publisher(redis, "replica-stopping");
        await publisher.StartAsync(CancellationToken.None);
        Assert.True(await publisher.PublishAsync());
        Assert.NotNull(await redis.GetDatabase().SortedSetScoreAsync(ClusterKeys.Replicas, "replica-stopping"));

        await publisher.StopAsync(CancellationToken.None);

        Assert.Null(await redis.GetDatabase().SortedSetScoreAsync(ClusterKeys.Replicas, "replica-stopping"));
        Assert.False((await redis.GetDatabase().KeyExistsAsync(ClusterKeys.Snapshot("replica-stopping"))));
    }

    [Fact]
    public async Task Stop_AfterTheConnectionWasDisposed_LeavesTheSnapshotToExpire_WithoutThrowing()
    {
        // What a host stopped twice at once does (dotnet/aspnetcore#40271): the services are disposed mid-stop.
        var redis = await ConnectionMultiplexer.ConnectAsync(redisServer.ConnectionString);
        var publisher = Publisher(redis, "replica-disposed");
        await publisher.StartAsync(CancellationToken.None);
        await redis.DisposeAsync();

        await publisher.StopAsync(CancellationToken.None);
    }
}
