using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Polly;
using Polly.Registry;
using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Search;
using Xnai.RagStub.Telemetry;
using Xnai.Chaos;
using Xnai.ServiceDefaults.Http;

namespace Xnai.RagStub.Endpoints;

/// <summary>The retrieval API: <c>POST /api/query</c>.</summary>
public static class QueryEndpoints
{
    /// <summary>Longest accepted query, in UTF-16 characters.</summary>
    public const int MaxQueryLength = Xnai.Contracts.KnowledgeQueryLimits.MaxQueryLength;

    /// <summary>Most passages one query may ask for.</summary>
    public const int MaxTopK = 20;

    /// <summary>Passages returned when the request does not say.</summary>
    public const int DefaultTopK = 3;

    /// <summary>Maps <c>POST /api/query</c>.</summary>
    public static RouteGroupBuilder MapQueryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Query");
        // Concurrency-limited (Xnai:Http:ConcurrencyLimit); the body limit is the default Xnai:Http:MaxRequestBodyBytes.
        group.MapPost("/query", QueryAsync)
            .RequireRateLimiting(HttpLimitsExtensions.ConcurrencyPolicy)
            .WithName("Query")
            .WithSummary("Answers a question from the knowledge base with ranked, sourced passages.")
            .Accepts<QueryRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }

    // The body is read by hand so every malformed request gets a 400 naming the problem, in every environment.
    internal static async Task<Results<Ok<QueryResponse>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        HttpRequest request,
        HybridRetriever retriever,
        ResiliencePipelineProvider<string> pipelines,
        RagMetrics metrics,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type", detail: "Send the query as application/json.");
        }

        QueryRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<QueryRequest>(cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON",
                detail: "Expected a body such as {\"query\": \"How does the RAG breaker work?\", \"topK\": 3}.");
        }

        if (Validate(body) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid query");
        }

        var started = timeProvider.GetTimestamp();
        var pipeline = pipelines.GetPipeline(FaultInjectionServiceCollectionExtensions.PipelineKey);
        try
        {
            var result = await pipeline.ExecuteAsync(
                static async (state, token) => await state.retriever.AskAsync(state.query, state.topK, token).ConfigureAwait(false),
                (retriever, query: body!.Query!, topK: body.TopK ?? DefaultTopK),
                cancellationToken);
            metrics.RecordQuery(result.Matched ? RagMetrics.Outcomes.Answered : RagMetrics.Outcomes.NoMatch, timeProvider.GetElapsedTime(started), result.Retrieval);
            return TypedResults.Ok(ToResponse(result));
        }
        catch (InjectedFaultException fault)
        {
            metrics.RecordQuery(RagMetrics.Outcomes.Fault, timeProvider.GetElapsedTime(started));
            return TypedResults.Problem(FaultProblems.ServiceUnavailable(fault));
        }
    }

    internal static Dictionary<string, string[]> Validate(QueryRequest? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors[""] = ["A JSON body with a query is required."];
            return errors;
        }

        if (string.IsNullOrWhiteSpace(body.Query))
        {
            errors["query"] = ["query must contain text."];
        }
        else if (body.Query.Length > MaxQueryLength)
        {
            errors["query"] = [$"query must be at most {MaxQueryLength} characters (it has {body.Query.Length})."];
        }

        if (body.TopK is < 1 or > MaxTopK)
        {
            errors["topK"] = [$"topK must be between 1 and {MaxTopK}."];
        }

        return errors;
    }

    internal static QueryResponse ToResponse(RetrievalResult result) => new(
        result.Answer,
        [.. result.Sources.Select(s => new QuerySource(
            s.Passage.DocumentTitle, s.Snippet, Math.Round(s.Score, 3), s.Passage.DocumentId, s.Passage.Section, s.Quoted.Count > 0 ? s.Quoted : null))],
        result.Retrieval == RetrievalMode.Hybrid ? QueryResponse.Hybrid : QueryResponse.Keyword,
        result.SemanticFallback,
        result.RetrievalReason);
}
