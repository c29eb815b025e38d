using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Xnai.Resilience;
using Xnai.Resilience.Hosting;

namespace Xnai.Tests.Resilience;

[Trait("Category", "Unit")]
public sealed class CircuitBreakerRegistryTests
{
    private readonly FakeTimeProvider _time = new();

    private static readonly Dictionary<string, string?> SeedConfiguration = new()
    {
        ["Xnai:Breakers:rag_api:ConsecutiveFailures"] = "3",
        ["Xnai:Breakers:rag_api:BreakDuration"] = "00:00:30",
        ["Xnai:Breakers:redis:ConsecutiveFailures"] = "5",
        ["Xnai:Breakers:redis:BreakDuration"] = "00:00:15",
        ["Xnai:Breakers:voice_processing:ConsecutiveFailures"] = "2",
        ["Xnai:Breakers:voice_processing:BreakDuration"] = "00:00:45",
    };

    private ServiceProvider BuildServices(IConfigurationRoot configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFakeLogging();
        services.AddXnaiCircuitBreakers(configuration.GetSection(CircuitBreakerServiceCollectionExtensions.SectionName));
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(SeedConfiguration).AddInMemoryCollection(overrides ?? []).Build();

    [Fact]
    public void Registry_ConfiguredNames_ExistFromTheStartWithTheirOptions()
    {
        using var services = BuildServices(Configuration());

        var registry = services.GetRequiredService<CircuitBreakerRegistry>();

        Assert.Equal(["rag_api", "redis", "voice_processing"], registry.All.Select(b => b.Name));
        Assert.Equal(5, registry.Get("redis").Options.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromSeconds(45), registry.Get("voice_processing").Options.BreakDuration);
    }

    [Fact]
    public void Registry_GetOrAdd_ReturnsOneInstancePerNameIgnoringCase()
    {
        using var services = BuildServices(Configuration());
        var registry = services.GetRequiredService<CircuitBreakerRegistry>();

        var created = registry.GetOrAdd("embeddings");

        Assert.Same(created, registry.GetOrAdd("EMBEDDINGS"));
        Assert.Same(registry.Get("rag_api"), registry.GetOrAdd("RAG_API"));
        Assert.True(registry.TryGet("embeddings", out _));
        Assert.False(registry.TryGet("unknown", out _));
        Assert.Throws<KeyNotFoundException>(() => registry.Get("unknown"));
    }

    [Fact]
    public async Task Registry_OptionsReload_ChangesThresholdsAndKeepsStateAndCounts()
    {
        var configuration = Configuration();
        using var services = BuildServices(configuration);
        var breaker = services.GetRequiredService<CircuitBreakerRegistry>().Get("rag_api");
        var pipeline = new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(breaker).Build();
        for (var i = 0; i < 2; i++)
        {
            await pipeline.ExecuteOutcomeAsync<int, int>((_, _) => Outcome.FromExceptionAsValueTask<int>(new TimeoutException()), ResilienceContextPool.Shared.Get(), 0);
        }

        configuration["Xnai:Breakers:rag_api:ConsecutiveFailures"] = "4";
        configuration.Reload();

        Assert.Same(breaker, services.GetRequiredService<CircuitBreakerRegistry>().Get("rag_api"));
        Assert.Equal(4, breaker.Options.ConsecutiveFailures);
        Assert.Equal(2, breaker.GetSnapshot().FailCount);
        Assert.Equal(2, breaker.GetSnapshot().TotalFailures);
        await pipeline.ExecuteOutcomeAsync<int, int>((_, _) => Outcome.FromExceptionAsValueTask<int>(new TimeoutException()), ResilienceContextPool.Shared.Get(), 0);
        Assert.Equal(CircuitState.Closed, breaker.State);
        await pipeline.ExecuteOutcomeAsync<int, int>((_, _) => Outcome.FromExceptionAsValueTask<int>(new TimeoutException()), ResilienceContextPool.Shared.Get(), 0);
        Assert.Equal(CircuitState.Open, breaker.State);
    }

    [Fact]
    public void Registry_OptionsReloadWhileOpen_KeepsItOpen()
    {
        var configuration = Configuration();
        using var services = BuildServices(configuration);
        var breaker = services.GetRequiredService<CircuitBreakerRegistry>().Get("redis");
        breaker.Isolate();

        configuration["Xnai:Breakers:redis:BreakDuration"] = "00:00:20";
        configuration.Reload();

        Assert.Equal(CircuitState.Isolated, breaker.State);
        Assert.Equal(TimeSpan.FromSeconds(20), breaker.Options.BreakDuration);
    }

    [Fact]
    public void Registry_InvalidConfiguration_FailsAtStartNamingTheKey()
    {
        using var services = BuildServices(Configuration(new()
        {
            ["Xnai:Breakers:rag_api:BreakDuration"] = "00:00:00",
            ["Xnai:Breakers:redis:FailureRatio"] = "1",
        }));

        // Several bad breakers: the startup validator aggregates one OptionsValidationException per name.
        var error = Assert.Throws<AggregateException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        var messages = error.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Contains(messages, m => m.StartsWith("Xnai:Breakers:rag_api:BreakDuration:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Xnai:Breakers:redis:FailureRatio:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registry_Watch_StreamsTransitionsOfEveryBreaker()
    {
        using var services = BuildServices(Configuration());
        var registry = services.GetRequiredService<CircuitBreakerRegistry>();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = registry.WatchAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var first = watch.MoveNextAsync();

        registry.Get("redis").Isolate();
        registry.Get("rag_api").Disable();

        Assert.True(await first);
        Assert.Equal(("redis", CircuitState.Isolated), (watch.Current.Circuit, watch.Current.To!.Value));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(("rag_api", CircuitState.Disabled), (watch.Current.Circuit, watch.Current.To!.Value));
    }

    [Fact]
    public async Task Registry_BreakerWatch_OnlySeesItsOwnEvents()
    {
        using var services = BuildServices(Configuration());
        var registry = services.GetRequiredService<CircuitBreakerRegistry>();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = registry.Get("rag_api").WatchAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var first = watch.MoveNextAsync();

        registry.Get("redis").Isolate();
        registry.Get("rag_api").Isolate();

        Assert.True(await first);
        Assert.Equal("rag_api", watch.Current.Circuit);
    }

    [Fact]
    public void Registry_RecentEvents_MergeAllBreakersInTimeOrder()
    {
        using var services = BuildServices(Configuration());
        var registry = services.GetRequiredService<CircuitBreakerRegistry>();

        registry.Get("redis").Isolate();
        _time.Advance(TimeSpan.FromSeconds(1));
        registry.Get("rag_api").Isolate();
        _time.Advance(TimeSpan.FromSeconds(1));
        registry.Get("redis").Reset();

        Assert.Equal(["redis>isolated", "rag_api>isolated", "redis>closed"],
            registry.GetRecentEvents().Select(e => $"{e.Circuit}>{CircuitStateNames.ToWire(e.To!.Value)}"));
    }

    [Fact]
    public void Registry_HostBuilderOverload_DeclaresNamesWithoutConfiguration()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(_time);

        builder.AddXnaiCircuitBreakers("rag_api", "redis");
        using var host = builder.Build();

        var registry = host.Services.GetRequiredService<CircuitBreakerRegistry>();
        Assert.Equal(["rag_api", "redis"], registry.All.Select(b => b.Name));
        Assert.Equal(3, registry.Get("redis").Options.ConsecutiveFailures);
    }
}
