using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly;
using Xnai.RagStub.Health;
using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Semantic;
using Xnai.Resilience;
using Xnai.Chaos;
using Xnai.Resilience.Hosting;

namespace Xnai.RagStub;

/// <summary>Registers the semantic retrieval tier of the RAG service.</summary>
public static class SemanticServiceCollectionExtensions
{
    /// <summary>
    /// Adds the validated <see cref="SemanticOptions"/>, the bounded embedder, the vector index and its background
    /// builder, the hybrid retriever, the tier's breaker (<c>rag_semantic</c>, slow-call rule on) and pipeline
    /// (breaker → deadline → "semantic" chaos faults), its chaos control and its health check.
    /// </summary>
    public static IServiceCollection AddSemanticTier(this IServiceCollection services)
    {
        services.AddOptions<SemanticOptions>().BindConfiguration(SemanticOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SemanticOptions>, SemanticOptionsAnnotations>();
        services.AddSingleton<IValidateOptions<SemanticOptions>, SemanticOptionsValidator>();
        services.AddSingleton(sp => SemanticCacheLocation.From(sp.GetRequiredService<IOptions<SemanticOptions>>(), sp.GetRequiredService<IHostEnvironment>()));
        services.TryAddSingleton<SentenceEmbedder>();
        services.AddSingleton<SemanticIndex>();
        services.AddSingleton<QueryVectorCache>();
        services.AddSingleton<SemanticSearch>();
        services.AddSingleton<SemanticMetrics>();
        services.AddSingleton<HybridRetriever>();
        services.AddHostedService<SemanticIndexBuilder>();
        services.AddKeyedSingleton(SemanticFaults.Target, (sp, _) => new FaultControl(sp.GetRequiredService<TimeProvider>()));

        // Defaults for a dependency that should answer in tens of milliseconds; Xnai:Breakers:rag_semantic overrides them.
        services.Configure<CircuitBreakerOptions>(SemanticOptions.BreakerName, o =>
        {
            o.ConsecutiveFailures = 3;
            o.BreakDuration = TimeSpan.FromSeconds(30);
            o.SlowCallThreshold = TimeSpan.FromMilliseconds(250);
            o.SlowCallRatio = 0.5;
            o.MinimumThroughput = 5;
            o.SamplingDuration = TimeSpan.FromMinutes(1);
        });
        services.AddXnaiCircuitBreaker(SemanticOptions.BreakerName);

        services.AddResiliencePipeline<string, float[]>(SemanticSearch.PipelineKey, (builder, context) =>
        {
            var sp = context.ServiceProvider;
            builder.TimeProvider = sp.GetRequiredService<TimeProvider>();

            // Breaker outside the deadline, so a query that times out counts as a failure (and as slow). A shed query
            // (encoder busy) is not a failure: the breaker is for a broken or hung model, not a busy one.
            builder
                .AddXnaiCircuitBreaker(
                    sp.GetRequiredService<CircuitBreakerRegistry>().Get(SemanticOptions.BreakerName),
                    static outcome => outcome.Exception is not null and not SemanticTierBusyException)
                .AddTimeout(sp.GetRequiredService<IOptions<SemanticOptions>>().Value.QueryDeadline)
                .AddXnaiFaults(sp.GetRequiredKeyedService<FaultControl>(SemanticFaults.Target));
        });

        services.AddHealthChecks().AddCheck<SemanticTierHealthCheck>(SemanticTierHealthCheck.Name);
        return services;
    }
}
