using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Xnai.ServiceDefaults.Security;

/// <summary>
/// Guards operator endpoints (chaos controls, breaker isolate/reset/disable, diagnostics) with the shared admin key.
/// The key comes from configuration <c>Xnai:AdminKey</c> (the AppHost passes its secret parameter);
/// with no key configured every call is refused, so a misconfigured deployment is closed, not open.
/// Failed attempts are logged (never the key) and throttled per client by <see cref="AdminKeyThrottle"/>.
/// </summary>
public sealed partial class AdminKeyEndpointFilter(IConfiguration configuration, AdminKeyThrottle throttle, ILogger<AdminKeyEndpointFilter> logger) : IEndpointFilter
{
    /// <summary>Request header carrying the key.</summary>
    public const string HeaderName = "X-Admin-Key";

    /// <summary>Configuration key holding the expected value.</summary>
    public const string ConfigurationKey = "Xnai:AdminKey";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!throttle.MayTry(client))
        {
            LogThrottled(logger, http.Request.Method, http.Request.Path, client);
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(throttle.Window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many failed admin key attempts",
                detail: "Wait for the number of seconds in Retry-After before trying again.");
        }

        var expected = configuration[ConfigurationKey];
        var presented = http.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(presented) || !FixedTimeEquals(expected, presented))
        {
            throttle.RecordFailure(client);
            var reason = string.IsNullOrEmpty(expected) ? "no key is configured" : string.IsNullOrEmpty(presented) ? "header missing" : "wrong key";
            LogRejected(logger, http.Request.Method, http.Request.Path, client, reason);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin key required",
                detail: $"This operator endpoint requires a valid '{HeaderName}' header.");
        }

        return await next(context).ConfigureAwait(false);
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin key rejected on {Method} {Path} from {Client}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, string path, string client, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin key attempts throttled on {Method} {Path} from {Client}")]
    private static partial void LogThrottled(ILogger logger, string method, string path, string client);
}

/// <summary>Extension to protect a route group with <see cref="AdminKeyEndpointFilter"/>.</summary>
public static class AdminKeyEndpointExtensions
{
    /// <summary>Requires the admin key header on every endpoint of <paramref name="builder"/>; 401 ProblemDetails otherwise, 429 when throttled.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, AdminKeyEndpointFilter>();
        return builder;
    }
}
