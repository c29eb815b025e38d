using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Xnai.ServiceDefaults.Http;

/// <summary>
/// Request limits shared by every service: Kestrel's minimum body data rate and default body size, a deadline on every
/// route (ASP.NET request timeouts) and a concurrency limiter policy for the expensive routes. 408/429 are problem details.
/// </summary>
public static class HttpLimitsExtensions
{
    /// <summary>Rate-limiter policy bounding the concurrent work of a service's expensive routes (<see cref="HttpLimitsOptions.ConcurrencyLimit"/>).</summary>
    public const string ConcurrencyPolicy = "xnai-concurrency";

    /// <summary>Registers the limits from <c>Xnai:Http</c> (validated at start).</summary>
    public static TBuilder AddXnaiHttpLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<HttpLimitsOptions>().BindConfiguration(HttpLimitsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpLimitsOptions>, HttpLimitsOptionsAnnotations>();

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.Value.MinRequestBodyBytesPerSecond, limits.Value.MinRequestBodyDataRateGracePeriod);
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
        });

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<HttpLimitsOptions>>((timeouts, limits) =>
            timeouts.DefaultPolicy = TimeoutPolicy(limits.Value.RequestTimeout));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => new ValueTask(WriteProblemAsync(
                context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests", "The service is at capacity; retry after the number of seconds in Retry-After."));
            options.AddPolicy(ConcurrencyPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<HttpLimitsOptions>>().Value;
                return RateLimitPartition.GetConcurrencyLimiter(ConcurrencyPolicy, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.ConcurrencyLimit,
                    QueueLimit = limits.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
        });
        return builder;
    }

    /// <summary>
    /// Adds the deadline and rate-limiting middleware; call after <c>UseXnaiProblemDetails</c> so both answer as problem details.
    /// Timeouts come first, so a request waiting in a rate limiter's queue is bounded by its deadline too.
    /// </summary>
    public static WebApplication UseXnaiHttpLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limits = app.Services.GetRequiredService<IOptionsMonitor<HttpLimitsOptions>>();
        app.Use((context, next) =>
        {
            if (HasBody(context.Request) && !RequestCharset.IsReadable(context.Request.ContentType))
            {
                return ProblemResponses.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported charset",
                    "The charset of the Content-Type header is not supported; send UTF-8.");
            }

            // Before the endpoint reads its body: an upload route holds its body to the upload rate.
            if (context.GetEndpoint()?.Metadata.GetMetadata<UploadDataRateMetadata>() is not null
                && context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            {
                var settings = limits.CurrentValue;
                rate.MinDataRate = new MinDataRate(settings.MinUploadBytesPerSecond, settings.MinUploadDataRateGracePeriod);
            }

            return next(context);
        });
        app.UseRequestTimeouts();
        app.Use(static (context, next) =>
        {
            // After UseRequestTimeouts, RequestAborted carries the deadline: bind body reads to it too.
            if (context.Request.ContentLength != 0)
            {
                context.Request.Body = new DeadlineRequestBodyStream(context, context.Request.Body, context.RequestAborted);
            }

            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>A deadline policy answering 408 as a problem detail (the client, not a dependency, is slow: dependencies have shorter timeouts).</summary>
    public static RequestTimeoutPolicy TimeoutPolicy(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        TimeoutStatusCode = StatusCodes.Status408RequestTimeout,
        WriteTimeoutResponse = context => WriteProblemAsync(
            context, StatusCodes.Status408RequestTimeout, "Request timed out", "The request did not complete within its deadline."),
    };

    /// <summary>Declares that a route takes an upload: its body must arrive at least at <see cref="HttpLimitsOptions.MinUploadBytesPerSecond"/> (else 408).</summary>
    public static TBuilder WithUploadDataRate<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(UploadDataRateMetadata.Instance);

    /// <summary>Declares the largest body a route takes; Kestrel enforces it while reading (413), before anything is buffered.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxBytes));

    private static bool HasBody(HttpRequest request) => request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        if (status == StatusCodes.Status429TooManyRequests && !context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = 1.ToString(CultureInfo.InvariantCulture);
        }

        return ProblemResponses.WriteAsync(context, status, title, detail);
    }
}
