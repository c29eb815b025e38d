using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Circuits;
using Xnai.ChatApi.Cluster;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Diagnostics;
using Xnai.ChatApi.Sessions;
using Xnai.Resilience;
using Xnai.ServiceDefaults.Resilience;

namespace Xnai.ChatApi;

/// <summary>Registers the chat's services: one resilience pipeline and one breaker per dependency.</summary>
internal static class ChatServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddChatServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.AddXnaiCircuitBreakers(BreakerNames.All);

        // Redis: commands fail fast while disconnected (no backlog) so the breaker sees outages at once.
        // The client's own health check would report chatapi unhealthy while Redis is down; chatapi still serves then.
        builder.AddRedisClient("cache", settings => settings.DisableHealthChecks = true, options =>
        {
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ConnectTimeout = 2000;
            options.ConnectRetry = 1;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            options.ReconnectRetryPolicy = new LinearRetry(500);
        });

        services.AddResiliencePipeline(SessionStore.PipelineName, (pipeline, context) =>
        {
            var chat = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ChatOptions>>().CurrentValue;
            pipeline
                .AddXnaiCircuitBreaker(context.ServiceProvider.GetRequiredService<CircuitBreakerRegistry>().Get(BreakerNames.Redis))
                .AddTimeout(chat.RedisTimeout);
        });

        // Each HTTP dependency gets its own handler and breaker; never ConfigureHttpClientDefaults (one failing
        // dependency would trip the others).
        services.AddDependencyClient<RagClient>("rag", BreakerNames.Rag, chat => chat.RagTimeout);
        services.AddDependencyClient<VoiceClient>("voice", BreakerNames.Voice, chat => chat.VoiceTimeout);

        services.AddHttpClient(DependencyProbe.ProbeClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<DependencyProbe>();
        services.AddSingleton<CachedDependencyProbe>();

        services.AddOptions<CircuitStreamOptions>().BindConfiguration(CircuitStreamOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CircuitEventStream>();

        services.AddSingleton(sp =>
        {
            var chat = sp.GetRequiredService<IOptions<ChatOptions>>().Value;
            return new PendingTurnBuffer(chat.PendingTurnCapacity, chat.PendingTurnMaxBytes);
        });
        services.AddSingleton<ChatMetrics>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ChatService>();
        services.AddHostedService<PendingTurnFlusher>();

        services.AddChatRateLimiting();
        builder.AddChatCluster();
        return builder;
    }

    /// <summary>
    /// A typed client for <paramref name="service"/> (service discovery) with its own pipeline: breaker outside,
    /// per-attempt timeout inside, so a timeout counts as a failure. The client's own timeout is off; the pipeline's rules.
    /// </summary>
    private static void AddDependencyClient<TClient>(this IServiceCollection services, string service, string breakerName, Func<ChatOptions, TimeSpan> timeout)
        where TClient : class
    {
        services.AddHttpClient<TClient>(client =>
            {
                client.BaseAddress = new Uri($"https+http://{service}");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler(breakerName, (pipeline, context) =>
            {
                var chat = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ChatOptions>>().CurrentValue;
                pipeline
                    .AddXnaiCircuitBreaker(context.ServiceProvider.GetRequiredService<CircuitBreakerRegistry>().Get(breakerName), HttpFailures.IsFailure)
                    .AddTimeout(timeout(chat));
            });
    }
}
