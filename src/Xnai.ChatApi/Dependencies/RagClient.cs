using System.Net.Http.Json;

namespace Xnai.ChatApi.Dependencies;

/// <summary>The knowledge base's answer.</summary>
/// <param name="Answer">The extractive answer.</param>
/// <param name="Sources">Ranked passages.</param>
/// <param name="Retrieval"><c>hybrid</c> or <c>keyword</c>; null from a rag that predates the semantic tier.</param>
/// <param name="SemanticFallback">True when rag answered keyword-only because its semantic tier was unavailable.</param>
public sealed record RagAnswer(string Answer, IReadOnlyList<RagSource> Sources, string? Retrieval = null, bool SemanticFallback = false);

/// <summary>A ranked passage.</summary>
public sealed record RagSource(string Title, string Snippet, double Score, string? Document);

/// <summary>Typed client for <c>rag</c>'s <c>POST /api/query</c>; its resilience pipeline (breaker, timeout) is its own.</summary>
public sealed class RagClient(HttpClient http)
{
    public async Task<RagAnswer> QueryAsync(string query, int topK, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/query", new { query, topK }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RagAnswer>(cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("rag returned an empty body");
    }
}
