using Microsoft.Extensions.Options;
using Xnai.RagStub.Answers;
using Xnai.RagStub.Endpoints;
using Xnai.RagStub.Health;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;
using Xnai.RagStub.Telemetry;
using Xnai.Chaos;
using Xnai.ServiceDefaults.Http;

namespace Xnai.RagStub;

/// <summary>Composition of the RAG service, shared by <c>Program</c> and the in-process tests.</summary>
public static class RagStubExtensions
{
    /// <summary>
    /// Registers the knowledge index (validated and built at start from <c>Xnai:Rag:KnowledgePath</c>),
    /// the keyword and hybrid retrievers with the semantic tier (vectors built in the background), metrics,
    /// chaos controls (the service's and the semantic tier's), health checks, ProblemDetails and OpenAPI.
    /// </summary>
    public static TBuilder AddRagStubServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>();
        services.AddSingleton(sp => KnowledgeIndex.Load(sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolvedPath));
        services.AddSingleton<IAnswerComposer, AnswerComposer>();
        services.AddSingleton<KnowledgeRetriever>();
        services.AddSingleton<RagMetrics>();
        services.AddHostedService<KnowledgeIndexWarmup>();
        services.AddSemanticTier();

        services.AddXnaiFaultInjection(RagMetrics.MeterName);
        services.AddHealthChecks().AddCheck<KnowledgeIndexHealthCheck>(KnowledgeIndexHealthCheck.Name);
        services.AddXnaiProblemDetails();
        services.AddOpenApi();
        return builder;
    }

    /// <summary>Adds the error and limits middleware and maps health, OpenAPI, the query API and the chaos controls (<c>/api/admin/faults</c>, <c>/api/admin/faults/semantic</c>).</summary>
    public static WebApplication MapRagStubEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseXnaiProblemDetails();
        app.UseXnaiHttpLimits();
        app.MapOpenApi();
        app.MapDefaultEndpoints();
        app.MapQueryEndpoints();
        app.MapFaultEndpoints();
        app.MapFaultTargetEndpoints(SemanticFaults.Target, app.Services.GetRequiredKeyedService<FaultControl>(SemanticFaults.Target));
        return app;
    }
}
