using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xnai.ServiceDefaults.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Errors as RFC 9457 problem details in every environment. Whatever a body reader or binder rejects (malformed JSON,
/// unknown charset, broken multipart, oversized or too slow bodies) is mapped by <see cref="BadRequestExceptionHandler"/>
/// to a 4xx naming the problem and logged at Information; anything else stays a logged Error and a 500 without
/// exception text. One mechanism for every endpoint, so no endpoint needs a try/catch for bad input.
/// </summary>
public static class ProblemDetailsExtensions
{
    /// <summary>Registers problem details, the bad-request exception handler, and makes minimal APIs throw on bad requests.</summary>
    public static IServiceCollection AddXnaiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Adds the exception handler and status-code pages, both as problem details. In Development the developer exception
    /// page sits outside this handler, so bad input is still a 4xx there; only genuine faults reach it.
    /// </summary>
    public static WebApplication UseXnaiProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => BadRequestExceptionHandler.Classify(exception)?.Status ?? StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
