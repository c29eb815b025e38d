using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xnai.ServiceDefaults.Health;
using Xnai.ServiceDefaults.Http;
using Xnai.ServiceDefaults.Security;
using Xnai.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Service defaults shared by every Xnai service: OpenTelemetry (OTLP and Prometheus), health checks,
/// service discovery, request limits and security headers (<c>Http/</c>), and the admin key that guards every
/// service's operator endpoints (<c>Security/</c>). Resilience is per dependency, in each service.
/// </summary>
public static class Extensions
{
    /// <summary>Liveness endpoint: answers while the process runs, never depends on another service.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Readiness / health endpoint.</summary>
    public const string HealthPath = "/health";

    /// <summary>Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Meter names every service exports besides the ASP.NET Core and HttpClient ones.</summary>
    public static readonly string[] XnaiMeters = ["Xnai.CircuitBreakers", "Xnai.ChatApi", "Xnai.Rag", "Xnai.Voice", "Xnai.Chaos", "Polly"];

    /// <summary>
    /// Adds OpenTelemetry, default health checks and service discovery. HTTP clients get service discovery;
    /// resilience is added per client by each service (one pipeline per dependency, never a shared default).
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddXnaiHttpLimits();
        builder.Services.AddOptions<AdminKeyThrottleOptions>().BindConfiguration(AdminKeyThrottleOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdminKeyThrottleOptions>, AdminKeyThrottleOptionsAnnotations>();
        builder.Services.AddSingleton<AdminKeyThrottle>();
        builder.Services.AddServiceDiscovery();
        builder.Services.TryAddTimeProvider();

        // Service discovery for every client; resilience is deliberately not added here, see STYLE.md.
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());

        return builder;
    }

    /// <summary>Configures logging, tracing and metrics; OTLP when the orchestrator provides an endpoint.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(XnaiMeters)
                .AddView(PublicMetricTags.ViewFor)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Xnai.CircuitBreakers")
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes and scrapes would drown real traffic in the dashboard.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath)
                        && !context.Request.Path.StartsWithSegments(AlivePath)
                        && !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Adds the liveness check ("live" tag) that <c>/alive</c> reports.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddOptions<HealthCacheOptions>().BindConfiguration(HealthCacheOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HealthCacheOptions>, HealthCacheOptionsAnnotations>();
        builder.Services.AddSingleton<CachedHealthReport>();
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c>, <c>/alive</c> and <c>/metrics</c> in every environment: the orchestrator,
    /// the tests and Prometheus all need them, not only developers.
    /// A service that writes its own richer <c>/health</c> passes <paramref name="mapHealth"/> = false.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool mapHealth = true)
    {
        if (mapHealth)
        {
            app.MapGet(HealthPath, CachedHealthReport.WriteAsync);
        }

        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
