using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Xnai.RagStub;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;

namespace Xnai.Benchmarks.Rag;

/// <summary>The semantic tier as rag registers it, over a benchmark's own index and keyword retriever.</summary>
internal static class SemanticTierHost
{
    /// <summary>
    /// Services of the semantic tier. A loaded, shared machine must not trip the query deadline or the slow-call rule
    /// mid-run: the benchmarks measure the work, so both are set out of the way.
    /// </summary>
    public static ServiceProvider Build(KnowledgeIndex index, KnowledgeRetriever keyword)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SemanticOptions.SectionName}:QueryDeadline"] = "00:00:10",
            [$"Xnai:Breakers:{SemanticOptions.BreakerName}:SlowCallRatio"] = "0",
        }).Build());
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Benchmark" });
        services.AddSingleton(index);
        services.AddSingleton(keyword);
        services.AddSemanticTier();
        return services.BuildServiceProvider();
    }

    /// <summary>Starts the tier's hosted services (the vector build, from the on-disk cache) and waits, bounded, until it is ready.</summary>
    public static void StartAndWaitUntilReady(ServiceProvider services)
    {
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        var semantic = services.GetRequiredService<SemanticIndex>();
        if (!SpinWait.SpinUntil(() => semantic.State == SemanticTierState.Ready, TimeSpan.FromMinutes(5)))
        {
            throw new InvalidOperationException("The semantic tier did not become ready.");
        }
    }
}
