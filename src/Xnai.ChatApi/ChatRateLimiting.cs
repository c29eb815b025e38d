using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Xnai.ChatApi.Chat;
using Xnai.ServiceDefaults.Http;

namespace Xnai.ChatApi;

/// <summary>
/// The chat routes' limits: a global ceiling (all clients together) and, inside it, a share per client keyed by the
/// connection's remote address, so one client cannot take every slot. <c>X-Forwarded-For</c> is not read: a client
/// could set it to anything; behind a known proxy, configure the forwarded-headers middleware and the remote address
/// becomes the forwarded one. Queued requests wait at most until their request deadline (<c>Xnai:Http:RequestTimeout</c>).
/// </summary>
internal static class ChatRateLimiting
{
    private const string CeilingPartition = "chat-all";

    public static IServiceCollection AddChatRateLimiting(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "1";
            return new ValueTask(ProblemResponses.WriteAsync(
                context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests", "The chat is at capacity; retry after the number of seconds in Retry-After."));
        };

        // The global limiter runs first; it limits only the routes carrying the chat policy, the others pass.
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName != ChatEndpoints.RateLimitPolicy)
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            var chat = Settings(context);
            return RateLimitPartition.GetConcurrencyLimiter(CeilingPartition, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = chat.ConcurrencyLimit,
                QueueLimit = chat.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        });

        // A client's excess is refused here at once, releasing its ceiling slot, so it cannot hold the ceiling's queue either.
        options.AddPolicy(ChatEndpoints.RateLimitPolicy, context =>
        {
            var chat = Settings(context);
            return RateLimitPartition.GetConcurrencyLimiter(ClientKey(context), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = chat.PerClientConcurrencyLimit,
                QueueLimit = chat.PerClientQueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        });
    });

    /// <summary>The partition of a request: its connection's remote address (never a header the client sets).</summary>
    internal static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static ChatOptions Settings(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<ChatOptions>>().CurrentValue;
}
