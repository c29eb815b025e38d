using StackExchange.Redis;
using Xnai.ChatApi.Cluster;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Cluster;

/// <summary>
/// The whole app with two chatapi replicas (Xnai:ChatApi:Replicas=2), each addressable directly besides the public
/// (proxied, load-balanced) endpoint. Snapshots are published every 0.5 s so the cluster view refreshes within a test.
/// </summary>
public sealed class ReplicatedAppFixture : IAsyncLifetime
{
    public const int ReplicaCount = 2;

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>Each replica's own address and <c>service.instance.id</c>, ordered by id.</summary>
    public IReadOnlyList<(string Id, Uri Address)> Replicas { get; private set; } = [];

    /// <summary>A client for one replica, bypassing the proxy.</summary>
    public HttpClient Replica(int index, bool admin = false)
    {
        var client = new HttpClient { BaseAddress = Replicas[index].Address, Timeout = TimeSpan.FromSeconds(60) };
        if (admin)
        {
            client.DefaultRequestHeaders.Add("X-Admin-Key", XnaiApp.AdminKey);
        }

        return client;
    }

    /// <summary>
    /// Waits (bounded) until every replica is subscribed to the cluster's command channel, as Redis counts them. A test
    /// that restarts Redis leaves the replicas reconnecting their subscriptions on their own schedule (their command
    /// connections may already answer); an operator action published before then reaches only the replicas already back.
    /// </summary>
    public async Task WaitUntilEveryReplicaIsSubscribedAsync(TimeSpan bound)
    {
        var connectionString = await App.GetConnectionStringAsync("cache").AsTask().WaitAsync(XnaiApp.CommandTimeout);
        using var timeout = new CancellationTokenSource(bound);
        long subscribed = 0;
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!).WaitAsync(timeout.Token);
                var reply = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", ClusterKeys.Commands.ToString()).WaitAsync(timeout.Token))!;
                subscribed = (long)reply[1];
                if (subscribed >= ReplicaCount)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is RedisException or OperationCanceledException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"{subscribed} of {ReplicaCount} replicas subscribed to the cluster's commands within {bound.TotalSeconds} s.");
    }

    public async Task InitializeAsync()
    {
        _app = await XnaiApp.StartAsync(
            builder => builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "chatapi"))
                .WithEnvironment("Xnai__Cluster__PublishInterval", "00:00:00.5")
                .WithEnvironment("Xnai__Cluster__SnapshotTimeToLive", "00:00:02")
                .WithEnvironment("Xnai__Chat__PendingFlushInterval", "00:00:00.2")
                .WithEnvironment("Xnai__Breakers__redis__BreakDuration", "00:00:02"),
            extraArgs: [$"Xnai:ChatApi:Replicas={ReplicaCount}"]);
        Replicas = await ReplicaAddressesAsync(_app);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().AsTask().WaitAsync(XnaiApp.StartTimeout);
        }
    }

    // Behind the proxy each replica listens on its own port: the orchestrator passes it in ASPNETCORE_URLS, and the
    // replica's OpenTelemetry instance id in OTEL_RESOURCE_ATTRIBUTES; both are in the replica's resource snapshot.
    private static async Task<IReadOnlyList<(string Id, Uri Address)>> ReplicaAddressesAsync(DistributedApplication app)
    {
        var found = new Dictionary<string, (string Id, Uri Address)>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(XnaiApp.CommandTimeout);
        await foreach (var e in app.ResourceNotifications.WatchAsync(timeout.Token))
        {
            var env = e.Snapshot.EnvironmentVariables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
            if (e.Resource.Name == "chatapi" && e.Snapshot.State?.Text == KnownResourceStates.Running
                && env.GetValueOrDefault("ASPNETCORE_URLS") is { } urls
                && env.GetValueOrDefault("OTEL_RESOURCE_ATTRIBUTES") is { } attributes)
            {
                var http = urls.Split(';').First(u => u.StartsWith("http://", StringComparison.Ordinal));
                var id = attributes.Split(',').Select(a => a.Split('=', 2)).First(a => a[0] == "service.instance.id")[1];
                found[e.ResourceId] = (id, new Uri(http.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)));
                if (found.Count == ReplicaCount)
                {
                    return [.. found.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
                }
            }
        }

        throw new InvalidOperationException("The chatapi replicas' addresses were not published.");
    }
}
