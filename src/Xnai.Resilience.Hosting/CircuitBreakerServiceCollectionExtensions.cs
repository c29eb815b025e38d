using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xnai.Resilience;

namespace Xnai.Resilience.Hosting;

/// <summary>Registers the named circuit breakers of a service.</summary>
public static class CircuitBreakerServiceCollectionExtensions
{
    /// <summary>Configuration section holding one sub-section per breaker name.</summary>
    public const string SectionName = CircuitBreakerOptionsValidator.DefaultSectionName;

    /// <summary>
    /// Registers the <see cref="CircuitBreakerRegistry"/> (singleton) with its metrics (<c>Xnai.CircuitBreakers</c> meter),
    /// logs and <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> unless one is registered), and one breaker per
    /// child of <paramref name="section"/> (normally <c>Xnai:Breakers</c>). Each breaker's options are validated at start
    /// (messages name the key) and reloaded with the configuration without losing state or counts.
    /// Breakers not in the section can still be created with <see cref="CircuitBreakerRegistry.GetOrAdd"/> (default options)
    /// or declared with <see cref="AddXnaiCircuitBreaker"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The <c>Xnai:Breakers</c> section, or null to declare no names here.</param>
    public static IServiceCollection AddXnaiCircuitBreakers(this IServiceCollection services, IConfiguration? section = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registrations = AddCore(services);
        if (section is not null)
        {
            foreach (var child in section.GetChildren())
            {
                AddBreaker(services, registrations, child.Key, child);
            }
        }

        return services;
    }

    /// <summary>
    /// Declares one breaker bound from <c>Xnai:Breakers:&lt;name&gt;</c> of the application configuration, validated at start
    /// and created with the registry. Registers the registry if needed.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">Breaker name, for example <c>rag_api</c>; also the <c>service</c> metric tag.</param>
    public static IServiceCollection AddXnaiCircuitBreaker(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        AddBreaker(services, AddCore(services), name, section: null);
        return services;
    }

    /// <summary>
    /// Registers the breakers of the application: every child of <c>Xnai:Breakers</c> in the configuration plus
    /// <paramref name="names"/> (which get the defaults for anything not configured). See
    /// <see cref="AddXnaiCircuitBreakers(IServiceCollection, IConfiguration?)"/>.
    /// </summary>
    /// <param name="builder">The host application builder.</param>
    /// <param name="names">Breakers that must exist even without configuration, e.g. <c>"rag_api", "redis", "voice_processing"</c>.</param>
    public static TBuilder AddXnaiCircuitBreakers<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(SectionName);
        builder.Services.AddXnaiCircuitBreakers(section);
        var registrations = AddCore(builder.Services);
        foreach (var name in names)
        {
            AddBreaker(builder.Services, registrations, name, section.GetSection(name));
        }

        return builder;
    }

    private static CircuitBreakerRegistrations AddCore(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(CircuitBreakerRegistrations))?.ImplementationInstance;
        if (existing is CircuitBreakerRegistrations found)
        {
            return found;
        }

        var registrations = new CircuitBreakerRegistrations();
        services.AddSingleton(registrations);
        services.AddOptions();
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CircuitBreakerOptions>>(new CircuitBreakerOptionsValidator(registrations.SectionPathOf)));
        services.TryAddSingleton(sp =>
        {
            var registry = new CircuitBreakerRegistry(
                sp.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<IMeterFactory>());
            // Declared breakers exist from the start, so health and metrics list them before their first call.
            foreach (var name in registrations.Names)
            {
                registry.GetOrAdd(name);
            }

            return registry;
        });
        return registrations;
    }

    private static void AddBreaker(IServiceCollection services, CircuitBreakerRegistrations registrations, string name, IConfiguration? section)
    {
        var path = section is IConfigurationSection s ? s.Path : $"{SectionName}:{name}";
        if (!registrations.TryAdd(name, path))
        {
            return;
        }

        var options = services.AddOptions<CircuitBreakerOptions>(name);
        if (section is null)
        {
            options.BindConfiguration(path);
        }
        else
        {
            options.Bind(section);
        }

        options.ValidateOnStart();
    }
}
