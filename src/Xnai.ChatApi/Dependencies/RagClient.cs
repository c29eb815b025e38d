using System.Net.Http.Json;
using Xnai.Contracts;

namespace Xnai.ChatApi.Dependencies;

/// <summary>The knowledge base's answer.</summary>
/// <param name="Answer">The extractive answer.</param>
/// <param name="Sources">Ranked passages.</param>
/// <param name="Retrieval"><c>hybrid</c> or <c>keyword</c>; null from a rag that predates the semantic tier.</param>
/// <param name="SemanticFallback">True when rag answered keyword-only because its semantic tier was unavailable.</param>
/// <param name="IndexVersion">The version of the index that answered, when rag reports one (opaque; a new index, a new version).</param>
public sealed record RagAnswer(string Answer, IReadOnlyList<RagSource> Sources, string? Retrieval = null, bool SemanticFallback = false, string? IndexVersion = null);

/// <summary>A ranked passage; <paramref name="Quoted"/> holds the sentences the answer cites from it (null from a rag that predates citations).</summary>
public sealed record RagSource(string Title, string Snippet, double Score, string? Document, IReadOnlyList<string>? Quoted = null);

/// <summary>Typed client for <c>rag</c>'s <c>POST /api/query</c>; its resilience pipeline (breaker, timeout) is its own.</summary>
public sealed class RagClient(HttpClient http, DependencyFallbacks fallbacks, ILogger<RagClient> logger)
{
    /// <summary>
    /// The knowledge base's answer to <paramref name="query"/>; a fallback instead when it is unavailable, and beside the
    /// answer when rag answered keyword-only.
    /// </summary>
    public async Task<DependencyResult<RagAnswer>> AskAsync(string query, int topK, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await QueryAsync(query, topK, cancellationToken).ConfigureAwait(false);
            return new(answer, answer.SemanticFallback ? Fallback.KeywordOnlyRetrieval : null);
        }
        catch (Exception ex) when (Outages.IsOutage(ex, cancellationToken))
        {
            logger.LogDebug(ex, "Knowledge base unavailable; answering with the fallback");
            return new(fallbacks.For(XnaiDependencies.Rag, ex));
        }
    }

    private async Task<RagAnswer> QueryAsync(string query, int topK, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/query", new { query, topK }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RagAnswer>(cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("rag returned an empty body");
    }
}
