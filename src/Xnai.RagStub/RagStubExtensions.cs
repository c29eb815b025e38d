using Microsoft.Extensions.Options;
using Xnai.RagStub.Endpoints;
using Xnai.RagStub.Health;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;
using Xnai.RagStub.Telemetry;
using Xnai.ServiceDefaults.Chaos;
using Xnai.ServiceDefaults.Http;

namespace Xnai.RagStub;

/// <summary>Composition of the RAG service, shared by <c>Program</c> and the in-process tests.</summary>
public static class RagStubExtensions
{
    /// <summary>
    /// Registers the knowledge index (validated and built at start from <c>Xnai:Rag:KnowledgePath</c>),
    /// the retriever, metrics, chaos controls, health checks, ProblemDetails and OpenAPI.
    /// </summary>
    public static TBuilder AddRagStub<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>();
        services.AddSingleton(sp => KnowledgeIndex.Load(sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolvedPath));
        services.AddSingleton<KnowledgeRetriever>();
        services.AddSingleton<RagMetrics>();
        services.AddHostedService<KnowledgeIndexWarmup>();

        services.AddXnaiFaultInjection(RagMetrics.MeterName);
        services.AddHealthChecks().AddCheck<KnowledgeIndexHealthCheck>(KnowledgeIndexHealthCheck.Name);
        services.AddXnaiProblemDetails();
        services.AddOpenApi();
        return builder;
    }

    /// <summary>Adds the error and limits middleware and maps health, OpenAPI, the query API and the chaos controls.</summary>
    public static WebApplication MapRagStub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseXnaiProblemDetails();
        app.UseXnaiHttpLimits();
        app.MapOpenApi();
        app.MapDefaultEndpoints();
        app.MapQueryEndpoints();
        app.MapFaultEndpoints();
        return app;
    }
}
