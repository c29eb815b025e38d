using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xnai.ChatApi;
using Xnai.ChatApi.Cluster;
using Xnai.ChatApi.Dependencies;
using Xnai.Tests.Http;

namespace Xnai.Tests.Chat;

/// <summary>chatapi's real Program on Kestrel with a real redis-server and the knowledge base and voice faked on the wire.</summary>
public class ChatApiHost : IAsyncLifetime
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(30);
    private readonly RedisServerFixture _redis = new();

    public FakeRagHandler Rag { get; } = new();

    public KestrelAppFactory<ChatOptions> App { get; private set; } = null!;

    /// <summary>Settings of this host on top of the fixed ones (small limits for the slow-client and stream tests).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["services:rag:http:0"] = "http://127.0.0.1:9",
            ["services:voice:http:0"] = "http://127.0.0.1:9",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        App = new KestrelAppFactory<ChatOptions>(settings, services =>
        {
            services.AddHttpClient<RagClient>().ConfigurePrimaryHttpMessageHandler(() => Rag);
            services.AddHttpClient<VoiceClient>().ConfigurePrimaryHttpMessageHandler(() => new FakeVoiceDownHandler());
        });
        App.StartServer();
        await ConnectedAsync();
    }

    /// <summary>
    /// The host counts as started once chatapi's Redis connections are up: the command connection answers, and the
    /// cluster channel is subscribed (the subscription connection is the one that used to connect last).
    /// </summary>
    private async Task ConnectedAsync()
    {
        var redis = App.Services.GetRequiredService<IConnectionMultiplexer>();
        var deadline = DateTime.UtcNow + StartBound;
        while (!(redis.IsConnected && redis.GetSubscriber().SubscribedEndpoint(ClusterKeys.Commands) is not null))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"chatapi's Redis connections were not up within {StartBound.TotalSeconds} s: {redis.GetStatus()}");
            }

            await Task.Delay(50);
        }

        await redis.GetDatabase().PingAsync().WaitAsync(StartBound);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _redis.DisposeAsync();
    }

    /// <summary>Voice is down on the wire: every call is refused.</summary>
    private sealed class FakeVoiceDownHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused");

        protected override void Dispose(bool disposing)
        {
        }
    }
}
