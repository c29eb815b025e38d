using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly;
using Polly.Registry;

namespace Xnai.Chaos;

/// <summary>Registers the chaos controls a service needs to inject faults into its own work.</summary>
public static class FaultInjectionServiceCollectionExtensions
{
    /// <summary>Key of the chaos pipeline in Polly's registry.</summary>
    public const string PipelineKey = "xnai-faults";

    /// <summary>
    /// Adds <see cref="FaultControl"/>, the chaos <see cref="ResiliencePipeline"/> (resolve it with
    /// <see cref="GetFaultPipeline"/>), its metrics on <paramref name="meterName"/>, the "faults" health check
    /// (Degraded while active) and a 503 handler for injected faults. Map the controls with
    /// <see cref="FaultEndpoints.MapFaultEndpoints"/>.
    /// </summary>
    public static IServiceCollection AddXnaiFaultInjection(this IServiceCollection services, string meterName = FaultInjectionMetrics.DefaultMeterName)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FaultControl>();
        services.TryAddSingleton(sp => new FaultInjectionMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<FaultControl>(), meterName));

        // Registered through Polly's registry so the strategies report to the "Polly" meter and logs.
        services.AddResiliencePipeline(PipelineKey, (builder, context) =>
        {
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            builder.AddXnaiFaults(
                context.ServiceProvider.GetRequiredService<FaultControl>(),
                context.ServiceProvider.GetRequiredService<FaultInjectionMetrics>());
        });

        services.AddExceptionHandler<InjectedFaultExceptionHandler>();
        services.AddHealthChecks().AddCheck<FaultInjectionHealthCheck>(FaultInjectionHealthCheck.Name);
        return services;
    }

    /// <summary>The chaos pipeline registered by <see cref="AddXnaiFaultInjection"/>.</summary>
    public static ResiliencePipeline GetFaultPipeline(this IServiceProvider services) =>
        services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(PipelineKey);
}
