using Microsoft.Extensions.DependencyInjection;
using Xnai.ChatApi;
using Xnai.ChatApi.Dependencies;
using Xnai.Tests.Chat;
using Xnai.Tests.Http;

namespace Xnai.Tests.Cluster;

/// <summary>
/// Replicas of chatapi's real Program on Kestrel sharing one real redis-server (the knowledge base faked on the wire),
/// each with its own <c>service.instance.id</c>; short publish intervals so the cluster view refreshes within a test.
/// </summary>
public sealed class ReplicaHosts : IAsyncLifetime
{
    private readonly RedisServerFixture _redis = new();
    private readonly List<KestrelAppFactory<ChatOptions>> _apps = [];

    public FakeRagHandler Rag { get; } = new();

    /// <summary>The shared redis-server, for tests that read or seed the cluster's keys.</summary>
    public string RedisConnectionString => _redis.ConnectionString;

    public KestrelAppFactory<ChatOptions> A { get; private set; } = null!;

    public KestrelAppFactory<ChatOptions> B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        A = Start("replica-a");
        B = Start("replica-b");
    }

    /// <summary>Starts another replica on the shared Redis, or, with <paramref name="redis"/>, on another address.</summary>
    public KestrelAppFactory<ChatOptions> Start(string replica, string? redis = null)
    {
        var app = new KestrelAppFactory<ChatOptions>(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:cache"] = redis ?? _redis.ConnectionString,
                ["services:rag:http:0"] = "http://127.0.0.1:9",
                ["services:voice:http:0"] = "http://127.0.0.1:9",
                ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replica}",
                ["Xnai:Cluster:PublishInterval"] = "00:00:00.2",
                ["Xnai:Cluster:SnapshotTimeToLive"] = "00:00:01",
                ["Xnai:Cluster:ResubscribeInterval"] = "00:00:00.2",
            },
            services => services.AddHttpClient<RagClient>().ConfigurePrimaryHttpMessageHandler(() => Rag));
        app.StartServer();
        _apps.Add(app);
        return app;
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }
}
