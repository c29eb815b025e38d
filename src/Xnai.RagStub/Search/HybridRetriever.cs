using Microsoft.Extensions.Options;
using Xnai.RagStub.Semantic;

namespace Xnai.RagStub.Search;

/// <summary>
/// BM25 and dense similarity over the same passages, fused per document by relative score (<see cref="DocumentFusion"/>;
/// docs/performance.md has the alternatives measured, reciprocal rank fusion among them). Falls back to BM25 alone,
/// and says so, whenever the semantic tier cannot rank.
/// </summary>
public sealed class HybridRetriever(KnowledgeRetriever keyword, SemanticSearch semantic, IOptions<SemanticOptions> options)
{
    // Enough BM25 passages that the best ones of every candidate document are among them.
    private const int Bm25PassagesPerCandidate = 10;

    // BM25 alone is trusted to call a question answerable when its best passage holds this share of the query's weight.
    private const double ConfidentCoverage = 0.5;

    private readonly PassageDocuments _documents = new(keyword.Index.Passages);

    /// <summary>The BM25 retriever this one falls back to.</summary>
    public KnowledgeRetriever Keyword => keyword;

    /// <summary>Ranks passages for <paramref name="query"/> (hybrid when it can) and composes the answer.</summary>
    public async Task<RetrievalResult> AskAsync(string query, int topK, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var dense = await semantic.RankAsync(query, cancellationToken).ConfigureAwait(false);
        if (!dense.Ranked)
        {
            return keyword.Ask(query, topK) with { Retrieval = RetrievalMode.Keyword, SemanticFallback = dense.Fallback };
        }

        var index = keyword.Index;
        var terms = index.QueryTerms(query);
        var candidates = Math.Max(topK, settings.CandidatesPerRanking);
        var bm25 = index.Search(terms, Math.Min(index.PassageCount, candidates * Bm25PassagesPerCandidate));
        var coverage = keyword.CoverageOf(terms, bm25);

        // Answerable when the meaning stands out and the question shares a word with the corpus, or BM25 is sure.
        var matched = (dense.Lift() >= settings.MinSimilarityLift && terms.Any(t => index.TermId(t) >= 0)) || coverage >= ConfidentCoverage;
        var result = matched
            ? keyword.Compose(terms, DocumentFusion.Fuse(index, _documents, bm25, dense.Similarities, coverage, topK, candidates, settings.SemanticShare))
            : RetrievalResult.NoMatch;
        return result with { Retrieval = RetrievalMode.Hybrid };
    }
}
