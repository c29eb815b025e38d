using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xnai.ChatApi;
using Xnai.ChatApi.Dependencies;
using Xnai.RagStub.Endpoints;
using Xnai.Tests.Http;
using Xnai.VoiceWorker.Endpoints;

namespace Xnai.Tests.Functional;

/// <summary>
/// chatapi's real Program (real pipelines, breakers and Redis client) on a <see cref="FakeTimeProvider"/>, with rag and
/// voice faked on the wire (<see cref="FakeDependency"/>) and a real redis-server behind a link that can be cut
/// (<see cref="RedisLink"/>). Breaker thresholds are the shipped ones from appsettings.json unless a test overrides them.
/// </summary>
public sealed class FunctionalHost : IAsyncDisposable
{
    /// <summary>
    /// The pending-turn flusher's period in these tests: longer than the Redis break (15 s), so advancing the clock
    /// through the break never runs a flush behind the test's back; a test flushes by advancing to this tick.
    /// </summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(20);

    /// <summary>Upper bound of real time for anything that is not on the fake clock (a Redis reconnect, a background flush).</summary>
    public static readonly TimeSpan RealTimeBound = TimeSpan.FromSeconds(30);

    /// <summary>What the fake knowledge base answers.</summary>
    public const string RagAnswerText = "The RAG breaker opens after 3 consecutive failures.";

    private readonly RedisServerFixture _redisServer = new();

    private FunctionalHost()
    {
        Rag = new(request => RagResponder?.Invoke(request) ?? FakeDependency.Json(new QueryResponse(
            RagAnswerText,
            [new QuerySource("Resilience", "Three consecutive failures open the circuit.", 1.5, "resilience.md", "Breakers")],
            QueryResponse.Keyword,
            false)));
        Voice = new(AnswerVoice);
    }

    private HttpResponseMessage AnswerVoice(HttpRequestMessage request)
    {
        if (request.RequestUri!.AbsolutePath == "/api/stt")
        {
            return FakeDependency.Json(new SttResponse(Transcript, 1200, 80));
        }

        var body = request.Content!.ReadFromJsonAsync<TtsRequest>(ContractJson.Web).GetAwaiter().GetResult()!;
        _spoken.Enqueue(body.Text ?? string.Empty);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Wav) };
    }

    /// <summary>When set, what the fake knowledge base answers instead of <see cref="RagAnswerText"/> (e.g. per question).</summary>
    public Func<HttpRequestMessage, HttpResponseMessage>? RagResponder { get; set; }

    /// <summary>The app's only clock: breakers, Polly timeouts and the flusher's timer all read it.</summary>
    public FakeTimeProvider Clock { get; } = new();

    public FakeDependency Rag { get; }

    /// <summary>Voice: <c>/api/stt</c> transcribes every recording as <see cref="Transcript"/>, <c>/api/tts</c> returns a WAV.</summary>
    public FakeDependency Voice { get; }

    /// <summary>The texts sent to <c>/api/tts</c>, in order.</summary>
    public IReadOnlyList<string> VoiceBodies => [.. _spoken];

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _spoken = new();

    public const string Transcript = "how do the circuit breakers recover";

    /// <summary>The smallest body chatapi accepts as a recording (RIFF/WAVE header); the fake voice does not decode it.</summary>
    public static byte[] Wav { get; } = [.. "RIFF"u8, 36, 0, 0, 0, .. "WAVE"u8, .. new byte[32]];

    public RedisLink RedisLink { get; private set; } = null!;

    public KestrelAppFactory<ChatOptions> App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The app's own Redis connection (the one its pipeline wraps).</summary>
    public IConnectionMultiplexer Redis => App.Services.GetRequiredService<IConnectionMultiplexer>();

    /// <summary>A direct connection to the redis-server, bypassing the link: to read what was really stored.</summary>
    public string RedisServer => _redisServer.ConnectionString;

    /// <summary>
    /// Starts chatapi; <paramref name="settings"/> override configuration keys (e.g. a breaker's threshold) and
    /// <paramref name="services"/> adds registrations before the app's own (e.g. a misbehaving sentence model).
    /// </summary>
    public static async Task<FunctionalHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = new FunctionalHost();
        await host._redisServer.InitializeAsync();
        host.RedisLink = new RedisLink(IPEndPoint.Parse(host._redisServer.ConnectionString));
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = host.RedisLink.ConnectionString,
            ["services:rag:http:0"] = "http://127.0.0.1:9",
            ["services:voice:http:0"] = "http://127.0.0.1:9",
            ["Xnai:Chat:PendingFlushInterval"] = FlushInterval.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        host.App = new KestrelAppFactory<ChatOptions>(all, registrations =>
        {
            registrations.AddSingleton<TimeProvider>(host.Clock);
            registrations.AddHttpClient<RagClient>().ConfigurePrimaryHttpMessageHandler(() => host.Rag);
            registrations.AddHttpClient<VoiceClient>().ConfigurePrimaryHttpMessageHandler(() => host.Voice);
            services?.Invoke(registrations);
        });
        host.Client = host.App.CreateServiceClient();
        return host;
    }

    /// <summary>Cuts the link to Redis and waits until chatapi's connection has noticed.</summary>
    public async Task CutRedisAsync()
    {
        RedisLink.Cut();
        await UntilAsync(() => !Redis.IsConnected, "chatapi's Redis connection did not notice the cut");
    }

    /// <summary>Restores the link and waits until chatapi's connection answers again (it reconnects on real time).</summary>
    public async Task RestoreRedisAsync()
    {
        RedisLink.Restore();
        await UntilAsync(() => Redis.IsConnected, "chatapi did not reconnect to Redis");
        await Redis.GetDatabase().PingAsync().WaitAsync(RealTimeBound);
    }

    /// <summary>
    /// Waits (real time, bounded) for something the fake clock does not drive: a reconnect or a background flush.
    /// Never used for a rule under test, only to wait until the system is where the next step starts.
    /// </summary>
    public static Task UntilAsync(Func<bool> condition, string failure) => UntilAsync(() => Task.FromResult(condition()), failure);

    /// <inheritdoc cref="UntilAsync(Func{bool}, string)"/>
    public static async Task UntilAsync(Func<Task<bool>> condition, string failure)
    {
        using var timeout = new CancellationTokenSource(RealTimeBound);
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, failure);
            await Task.Delay(20, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (RedisLink is not null)
        {
            await RedisLink.DisposeAsync();
        }

        await _redisServer.DisposeAsync();
    }
}
