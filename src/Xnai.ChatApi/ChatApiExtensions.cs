using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;
using Xnai.ChatApi.AnswerStore;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Circuits;
using Xnai.ChatApi.Cluster;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Diagnostics;
using Xnai.ChatApi.Health;
using Xnai.ChatApi.Sessions;
using Xnai.ChatApi.Telemetry;
using Xnai.ChatApi.Web;
using Xnai.Contracts;
using Xnai.Resilience;
using Xnai.ServiceDefaults.Http;
using Xnai.Resilience.Hosting;

namespace Xnai.ChatApi;

/// <summary>Composition of chatapi, shared by <c>Program</c> and the in-process tests.</summary>
public static class ChatApiExtensions
{
    /// <summary>
    /// Registers the chat: one breaker and one resilience pipeline per row of <see cref="XnaiDependencies.All"/>, the
    /// chat and voice chat flows, the session store and its buffer, the health checks of <c>/health</c>, rate limiting,
    /// the circuit stream, ProblemDetails and OpenAPI, with <see cref="ChatOptions"/> validated at start.
    /// </summary>
    public static TBuilder AddChatApiServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatOptions>, ChatOptionsAnnotations>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatOptions>, ChatOptionsRules>());

        builder.AddXnaiCircuitBreakers([.. XnaiDependencies.All.Select(d => d.Breaker)]);
        builder.AddSessionStore();

        // Each HTTP dependency gets its own handler and breaker; never ConfigureHttpClientDefaults (one failing
        // dependency would trip the others).
        services.AddDependencyClient<RagClient>(XnaiDependencies.Rag);
        services.AddDependencyClient<VoiceClient>(XnaiDependencies.Voice);
        services.AddSingleton<DependencyFallbacks>();

        services.AddHttpClient(DependencyProbe.ProbeClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<DependencyProbe>();
        services.AddSingleton<CachedDependencyProbe>();
        services.AddHealthChecks().AddChatHealthChecks();

        services.AddOptions<CircuitStreamOptions>().BindConfiguration(CircuitStreamOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CircuitStreamOptions>, CircuitStreamOptionsAnnotations>();
        services.AddSingleton<CircuitEventStream>();

        services.AddSingleton<ChatMetrics>();
        services.AddSingleton<SessionMetrics>();
        services.AddLastGoodAnswers();
        services.AddSingleton<ChatService>();
        services.AddSingleton<VoiceChatService>();
        services.AddChatRateLimiting();
        builder.AddChatCluster();
        services.AddXnaiProblemDetails();
        services.AddOpenApi();
        return builder;
    }

    /// <summary>
    /// Adds the error, page and limits middleware and maps OpenAPI, the chat API, the circuit API, diagnostics,
    /// <c>/health</c> (chatapi's own) and <c>/alive</c>.
    /// </summary>
    public static WebApplication MapChatApiEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseXnaiProblemDetails();
        app.UseChatPage();
        app.UseXnaiHttpLimits();
        app.MapOpenApi();
        app.MapChatEndpoints();
        app.MapCircuitEndpoints();
        app.MapDiagnosticsEndpoints();
        app.MapChatHealth();
        app.MapDefaultEndpoints(mapHealth: false);
        return app;
    }

    /// <summary>
    /// The last-good-answer store (<see cref="LastGoodAnswersOptions"/>, validated at start), its background writer and
    /// the question embedder (MiniLM unless a <see cref="SentenceEncoderFactory"/> is registered before).
    /// </summary>
    private static void AddLastGoodAnswers(this IServiceCollection services)
    {
        services.AddOptions<LastGoodAnswersOptions>().BindConfiguration(LastGoodAnswersOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LastGoodAnswersOptions>, LastGoodAnswersOptionsValidator>());
        services.TryAddSingleton<SentenceEncoderFactory>(QuestionEmbedder.MiniLm);
        services.AddSingleton<QuestionEmbedder>();
        services.AddSingleton<AnswerStoreMetrics>();
        services.AddSingleton<LastGoodAnswerStore>();
        services.AddHostedService<AnswerStoreWriter>();
    }

    /// <summary>Redis (<see cref="XnaiDependencies.Cache"/>) behind its breaker and timeout, the session store and its buffer of turns waiting for Redis.</summary>
    private static void AddSessionStore(this IHostApplicationBuilder builder)
    {
        // Commands fail fast while disconnected (no backlog) so the breaker sees outages at once. The client's own
        // health check would report chatapi unhealthy while Redis is down; chatapi still serves then.
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
        builder.Services.AddOptions<ConfigurationOptions>().PostConfigure<ILoggerFactory>((options, loggers) => options.LoggerFactory = new RetriedConnectionLogs(loggers));

        builder.Services.AddResiliencePipeline(XnaiDependencies.Cache.Breaker, (pipeline, context) =>
        {
            // A changed timeout rebuilds the pipeline; the breaker lives in the registry, so its state and counts carry over.
            context.EnableReloads<ChatOptions>();
            var chat = context.GetOptions<ChatOptions>();
            pipeline
                .AddXnaiCircuitBreaker(context.ServiceProvider.GetRequiredService<CircuitBreakerRegistry>().Get(XnaiDependencies.Cache.Breaker))
                .AddTimeout(chat.TimeoutOf(XnaiDependencies.Cache));
        });

        builder.Services.AddSingleton(sp =>
        {
            var chat = sp.GetRequiredService<IOptions<ChatOptions>>().Value;
            return new PendingTurnBuffer(chat.PendingTurnCapacity, chat.PendingTurnMaxBytes);
        });
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddHostedService<PendingTurnFlusher>();
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
