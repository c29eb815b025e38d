using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly.Registry;
using Polly.Testing;
using Polly.Timeout;
using Xnai.ChatApi;
using Xnai.Contracts;
using Xnai.Resilience;

namespace Xnai.Tests.Chat;

/// <summary>The chat's own services compose as intended: one breaker per dependency, seed defaults, breaker outside the timeout.</summary>
[Trait("Category", "Unit")]
public class ChatCompositionTests
{
    private static ServiceProvider BuildServices() => BuildServices(Host.CreateApplicationBuilder());

    private static ServiceProvider BuildServices(HostApplicationBuilder builder)
    {
        builder.Configuration.AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "Xnai.ChatApi", "appsettings.json"), optional: false);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:cache"] = "127.0.0.1:1" });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddChatApiServices();
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void Registry_HasOneBreakerPerDependency_AllClosed()
    {
        using var services = BuildServices();
        var registry = services.GetRequiredService<CircuitBreakerRegistry>();
        Assert.Equal(["rag_api", "redis", "voice_processing"], registry.All.Select(b => b.Name).Order());
        Assert.Equal(3, registry.All.Distinct().Count());
        Assert.All(registry.All, b => Assert.Equal(CircuitState.Closed, b.State));
    }

    [Theory]
    [InlineData("rag_api", 3, 30)]
    [InlineData("redis", 5, 15)]
    [InlineData("voice_processing", 2, 45)]
    public void ShippedConfiguration_HasTheSeedsThresholds(string name, int failures, int breakSeconds)
    {
        using var services = BuildServices();
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CircuitBreakerOptions>>().Get(name);
        Assert.Equal(failures, options.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromSeconds(breakSeconds), options.BreakDuration);
        Assert.Equal(0.5, options.FailureRatio);
        Assert.Equal(TimeSpan.FromMinutes(5), options.SamplingDuration);
    }

    [Fact]
    public void RedisPipeline_IsBreakerThenTimeout()
    {
        using var services = BuildServices();
        var pipeline = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(XnaiDependencies.Cache.Breaker);
        var descriptor = pipeline.GetPipelineDescriptor();
        Assert.Equal(2, descriptor.Strategies.Count);
        Assert.Equal(typeof(TimeoutStrategyOptions), descriptor.Strategies[1].Options!.GetType());
        Assert.DoesNotContain(descriptor.Strategies, s => s.Options is TimeoutStrategyOptions && s == descriptor.Strategies[0]);
    }

    [Fact]
    public void RedisPipeline_ChangedTimeout_IsUsedWithoutARestart()
    {
        var builder = Host.CreateApplicationBuilder();
        using var services = BuildServices(builder);
        var pipeline = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(XnaiDependencies.Cache.Breaker);
        Assert.Equal(TimeSpan.FromSeconds(1), ((TimeoutStrategyOptions)pipeline.GetPipelineDescriptor().Strategies[1].Options!).Timeout);

        builder.Configuration["Xnai:Chat:Timeouts:cache"] = "00:00:03";
        ((IConfigurationRoot)builder.Configuration).Reload();

        Assert.Equal(TimeSpan.FromSeconds(3), ((TimeoutStrategyOptions)pipeline.GetPipelineDescriptor().Strategies[1].Options!).Timeout);
    }
}
