namespace Xnai.RagStub.Endpoints;

/// <summary>Body of <c>POST /api/query</c>.</summary>
/// <param name="Query">The question, 1..2,000 characters.</param>
/// <param name="TopK">How many passages to return, 1..20; 3 when omitted.</param>
public sealed record QueryRequest(string? Query, int? TopK);

/// <summary>An extractive answer and its ranked sources (empty when nothing relevant was found).</summary>
/// <param name="Answer">1–3 sentences that answer the question, each ending in a citation marker (<c>[1]</c> = the first source), or an honest no-match sentence.</param>
/// <param name="Sources">Ranked passages, best first.</param>
/// <param name="Retrieval"><c>hybrid</c> (BM25 and semantic, fused) or <c>keyword</c> (BM25 alone).</param>
/// <param name="SemanticFallback">True when the answer is keyword-only because the semantic tier was unavailable (warming, failing, breaker open).</param>
/// <param name="Reason">Why a query was answered keyword-only when the semantic tier chose not to rank it (<c>semantic tier busy</c>); omitted otherwise.</param>
public sealed record QueryResponse(string Answer, IReadOnlyList<QuerySource> Sources, string Retrieval, bool SemanticFallback, string? Reason = null)
{
    /// <summary>Wire value of hybrid retrieval.</summary>
    public const string Hybrid = "hybrid";

    /// <summary>Wire value of keyword-only retrieval.</summary>
    public const string Keyword = "keyword";
}

/// <summary>One ranked passage.</summary>
/// <param name="Title">Title of the document.</param>
/// <param name="Snippet">Excerpt starting at the passage's best sentence.</param>
/// <param name="Score">BM25 score, or in hybrid retrieval the fused rank score (1 = first in one ranking, 2 = first in both); comparable within one response only.</param>
/// <param name="Document">Document file name within the knowledge base.</param>
/// <param name="Section">Heading the passage sits under; empty for a document's introduction.</param>
/// <param name="Quoted">The sentences of this source the answer quotes, in answer order; the answer's marker <c>[n]</c> points at the n-th source. Null when the answer quotes none of it.</param>
public sealed record QuerySource(string Title, string Snippet, double Score, string Document, string Section, IReadOnlyList<string>? Quoted = null);
