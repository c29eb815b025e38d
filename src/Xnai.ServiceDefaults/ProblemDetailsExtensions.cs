using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Errors as RFC 9457 problem details in every environment. Binding failures (malformed JSON, wrong JSON types,
/// oversized bodies) surface as <see cref="BadHttpRequestException"/> and keep their 4xx status instead of
/// becoming a 500 in Development (where minimal APIs throw on bad requests) or an empty 400 in Production.
/// </summary>
public static class ProblemDetailsExtensions
{
    /// <summary>Registers problem details and makes minimal APIs report bad requests as exceptions the handler maps.</summary>
    public static IServiceCollection AddXnaiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Adds the exception handler (bad requests keep their status) and status-code pages, both as problem details.</summary>
    public static WebApplication UseXnaiProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
