using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Xnai.ServiceDefaults.Security;

/// <summary>
/// Guards operator endpoints (chaos controls, breaker isolate/reset/disable) with the shared admin key.
/// The key comes from configuration <c>Xnai:AdminKey</c> (the AppHost passes its secret parameter);
/// with no key configured every call is refused, so a misconfigured deployment is closed, not open.
/// </summary>
public sealed class AdminKeyEndpointFilter(IConfiguration configuration) : IEndpointFilter
{
    /// <summary>Request header carrying the key.</summary>
    public const string HeaderName = "X-Admin-Key";

    /// <summary>Configuration key holding the expected value.</summary>
    public const string ConfigurationKey = "Xnai:AdminKey";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = configuration[ConfigurationKey];
        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(presented) || !FixedTimeEquals(expected, presented))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin key required",
                detail: $"This operator endpoint requires a valid '{HeaderName}' header.");
        }

        return await next(context).ConfigureAwait(false);
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}

/// <summary>Extension to protect a route group with <see cref="AdminKeyEndpointFilter"/>.</summary>
public static class AdminKeyEndpointExtensions
{
    /// <summary>Requires the admin key header on every endpoint of <paramref name="builder"/>; 401 ProblemDetails otherwise.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, AdminKeyEndpointFilter>();
        return builder;
    }
}
