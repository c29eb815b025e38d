using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Xnai.RagStub;
using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;
using Xnai.Resilience;

namespace Xnai.Tests.Rag;

/// <summary>
/// The RAG service's real semantic-tier composition (<see cref="SemanticServiceCollectionExtensions.AddSemanticTier"/>)
/// around the fixture's shared index and model, with a clock and configuration of the test's choosing.
/// </summary>
public static class SemanticHost
{
    public static ServiceProvider Create(
        SemanticKnowledgeFixture knowledge, TimeProvider timeProvider, string model = EmbeddingModels.MiniLm,
        IDictionary<string, string?>? settings = null, string? cacheFolder = null, SentenceEmbedder? embedder = null, KnowledgeRetriever? keyword = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{SemanticOptions.SectionName}:Model"] = model,
                [$"{SemanticOptions.SectionName}:CachePath"] = cacheFolder ?? SemanticKnowledgeFixture.CacheFolder,
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(timeProvider);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        services.AddSingleton(knowledge.Index);
        services.AddSingleton(keyword ?? knowledge.Retriever);
        services.AddSingleton(embedder ?? knowledge.Model(model).Embedder);
        services.AddSemanticTier();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Settings for measuring ranking quality: a deadline and breaker that a loaded, shared machine cannot trip.</summary>
    public static Dictionary<string, string?> Unhurried(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{SemanticOptions.SectionName}:QueryDeadline"] = "00:00:10",
            [$"{CircuitBreakerOptionsValidator.DefaultSectionName}:{SemanticOptions.BreakerName}:SlowCallRatio"] = "0",
            [$"{CircuitBreakerOptionsValidator.DefaultSectionName}:{SemanticOptions.BreakerName}:ConsecutiveFailures"] = "10000",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Publishes the fixture's ready vectors, as the background builder does once it has finished.</summary>
    public static HybridRetriever Ready(this ServiceProvider services, SemanticKnowledgeFixture knowledge, string model = EmbeddingModels.MiniLm)
    {
        services.GetRequiredService<SemanticIndex>().Publish(knowledge.Model(model).Index.Vectors!, 0, knowledge.Index.PassageCount);
        return services.GetRequiredService<HybridRetriever>();
    }
}
