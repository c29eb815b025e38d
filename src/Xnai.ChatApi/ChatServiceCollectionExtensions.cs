using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;
using Xnai.ChatApi.Chat;
using Xnai.Contracts;
using Xnai.ChatApi.Circuits;
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

        builder.AddXnaiCircuitBreakers([.. XnaiDependencies.All.Select(d => d.Breaker)]);

        // Redis: commands fail fast while disconnected (no backlog) so the breaker sees outages at once.
        // The client's own health check would report chatapi unhealthy while Redis is down; chatapi still serves then.
        builder.AddRedisClient(XnaiDependencies.Cache.Resource, settings => settings.DisableHealthChecks = true, options =>
        {
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ConnectTimeout = 2000;
            options.ConnectRetry = 1;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            options.ReconnectRetryPolicy = new LinearRetry(500);
        });

        services.AddResiliencePipeline(XnaiDependencies.Cache.Breaker, (pipeline, context) =>
        {
            // A changed timeout rebuilds the pipeline; the breaker lives in the registry, so its state and counts carry over.
            context.EnableReloads<ChatOptions>();
            var chat = context.GetOptions<ChatOptions>();
            pipeline
                .AddXnaiCircuitBreaker(context.ServiceProvider.GetRequiredService<CircuitBreakerRegistry>().Get(XnaiDependencies.Cache.Breaker))
                .AddTimeout(chat.TimeoutOf(XnaiDependencies.Cache));
        });

        // Each HTTP dependency gets its own handler and breaker; never ConfigureHttpClientDefaults (one failing
        // dependency would trip the others).
        services.AddDependencyClient<RagClient>(XnaiDependencies.Rag);
        services.AddDependencyClient<VoiceClient>(XnaiDependencies.Voice);

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
        services.AddSingleton<DependencyFallbacks>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<VoiceChatService>();
        services.AddHostedService<PendingTurnFlusher>();

        services.AddChatRateLimiting();
        return builder;
    }

    /// <summary>
    /// A typed client for <paramref name="dependency"/> (service discovery by its resource name) with its own pipeline:
    /// breaker outside, per-attempt timeout inside, so a timeout counts as a failure. The client's own timeout is off; the pipeline's rules.
    /// </summary>
    private static void AddDependencyClient<TClient>(this IServiceCollection services, XnaiDependency dependency)
        where TClient : class
    {
        services.AddHttpClient<TClient>(client =>
            {
                client.BaseAddress = new Uri($"https+http://{dependency.Resource}");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler(dependency.Breaker, (pipeline, context) =>
            {
                // As for Redis: a changed timeout rebuilds the pipeline around the same breaker.
                context.EnableReloads<ChatOptions>();
                var chat = context.GetOptions<ChatOptions>();
                pipeline
                    .AddXnaiCircuitBreaker(context.ServiceProvider.GetRequiredService<CircuitBreakerRegistry>().Get(dependency.Breaker), HttpFailures.IsFailure)
                    .AddTimeout(chat.TimeoutOf(dependency));
            });
    }
}
