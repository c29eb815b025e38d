using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Diagnostics;
using Xnai.ChatApi.Sessions;
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
        // dependency would trip the others). Breaker outside, per-attempt timeout inside: a timeout counts as a failure.
        services.AddHttpClient<RagClient>(client =>
            {
                client.BaseAddress = new Uri("https+http://rag");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler(BreakerNames.Rag, (pipeline, context) =>
            {
                var chat = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ChatOptions>>().CurrentValue;
                pipeline
                    .AddXnaiCircuitBreaker(context.ServiceProvider.GetRequiredService<CircuitBreakerRegistry>().Get(BreakerNames.Rag), HttpFailures.IsFailure)
                    .AddTimeout(chat.RagTimeout);
            });

        services.AddHttpClient<VoiceClient>(client =>
            {
                client.BaseAddress = new Uri("https+http://voice");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler(BreakerNames.Voice, (pipeline, context) =>
            {
                var chat = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ChatOptions>>().CurrentValue;
                pipeline
                    .AddXnaiCircuitBreaker(context.ServiceProvider.GetRequiredService<CircuitBreakerRegistry>().Get(BreakerNames.Voice), HttpFailures.IsFailure)
                    .AddTimeout(chat.VoiceTimeout);
            });

        services.AddHttpClient(DependencyProbe.ProbeClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<DependencyProbe>();

        services.AddSingleton(sp => new PendingTurnBuffer(sp.GetRequiredService<IOptions<ChatOptions>>().Value.PendingTurnCapacity));
        services.AddSingleton<ChatMetrics>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ChatService>();
        services.AddHostedService<PendingTurnFlusher>();

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "The chat is at capacity; retry after the number of seconds in Retry-After.",
                    },
                });
            };
            options.AddPolicy(ChatEndpoints.RateLimitPolicy, context =>
            {
                var chat = context.RequestServices.GetRequiredService<IOptionsMonitor<ChatOptions>>().CurrentValue;
                return RateLimitPartition.GetConcurrencyLimiter("chat", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = chat.ConcurrencyLimit,
                    QueueLimit = chat.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
        });

        return builder;
    }
}
