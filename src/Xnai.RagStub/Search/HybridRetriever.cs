using Microsoft.Extensions.Options;
using Xnai.RagStub.Semantic;

namespace Xnai.RagStub.Search;

/// <summary>
/// BM25 and dense similarity over the same passages, fused by relative score: each ranking min-max normalised over its
/// candidates, then mixed with the dense share α (0.75, the common default of relative-score fusion). Reciprocal rank
/// fusion was measured first and rejected: on this small corpus a passage in both top-20 lists beats either list's
/// first passage whatever its ranks, so BM25's incidental matches on paraphrased questions pulled the right passage
/// down (docs/performance.md has both). Falls back to BM25 alone, and says so, whenever the semantic tier cannot rank.
/// </summary>
public sealed class HybridRetriever(KnowledgeRetriever keyword, SemanticSearch semantic, IOptions<SemanticOptions> options)
{
    /// <summary>The BM25 retriever this one falls back to.</summary>
    public KnowledgeRetriever Keyword => keyword;

    /// <summary>Ranks passages for <paramref name="query"/> (hybrid when it can) and composes the answer.</summary>
    public async Task<RetrievalResult> AskAsync(string query, int topK, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var candidates = Math.Max(topK, settings.CandidatesPerRanking);
        var dense = await semantic.RankAsync(query, candidates, cancellationToken).ConfigureAwait(false);
        if (!dense.Ranked)
        {
            return keyword.Ask(query, topK) with { Retrieval = RetrievalMode.Keyword, SemanticFallback = dense.Fallback };
        }

        var index = keyword.Index;
        var terms = index.QueryTerms(query);
        var bm25 = index.Search(terms, candidates);

        // Answerable when either ranking is confident: enough of the query's terms, or a close enough meaning.
        var matched = keyword.IsMatch(terms, bm25) || dense.Hits[0].Similarity >= settings.MinSimilarity;
        var result = matched ? keyword.Compose(terms, Fuse(index, bm25, dense.Hits, topK, settings.SemanticShare)) : RetrievalResult.NoMatch;
        return result with { Retrieval = RetrievalMode.Hybrid };
    }

    /// <summary>
    /// Relative score fusion: each ranking's scores are min-max normalised over its own candidates (best 1, worst 0,
    /// absent 0), then mixed as <c>α·dense + (1 − α)·BM25</c>. Ties keep BM25's order (the ranking that explains itself).
    /// </summary>
    internal static IReadOnlyList<SearchHit> Fuse(
        KnowledgeIndex index, IReadOnlyList<SearchHit> bm25, IReadOnlyList<DenseHit> dense, int topK, double semanticShare)
    {
        var scores = new Dictionary<int, (double Score, int FirstSeen)>(bm25.Count + dense.Count);
        var (bm25Max, bm25Min) = bm25.Count == 0 ? (0f, 0f) : (bm25[0].Score, bm25[^1].Score);
        for (var rank = 0; rank < bm25.Count; rank++)
        {
            scores[bm25[rank].Ordinal] = ((1 - semanticShare) * Normalise(bm25[rank].Score, bm25Min, bm25Max), rank);
        }

        var (denseMax, denseMin) = (dense[0].Similarity, dense[^1].Similarity);
        for (var rank = 0; rank < dense.Count; rank++)
        {
            var add = semanticShare * Normalise(dense[rank].Similarity, denseMin, denseMax);
            scores[dense[rank].Ordinal] = scores.TryGetValue(dense[rank].Ordinal, out var seen)
                ? (seen.Score + add, seen.FirstSeen)
                : (add, bm25.Count + rank);
        }

        return [.. scores
            .OrderByDescending(s => s.Value.Score).ThenBy(s => s.Value.FirstSeen)
            .Take(topK)
            .Select(s => index.HitAt(s.Key, (float)s.Value.Score))];
    }

    // A single candidate, or all equal, counts as best.
    private static double Normalise(float score, float min, float max) => max > min ? (score - min) / (max - min) : 1;
}
