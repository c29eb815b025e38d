using Microsoft.Extensions.Options;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;

namespace Xnai.RagStub.Hybrid;

/// <summary>
/// BM25 and dense similarity over the same passages, fused by relative score: each ranking min-max normalised over its
/// candidates, then mixed with a BM25 share that grows with BM25's own confidence (its coverage of the query's weight,
/// times <see cref="SemanticOptions.KeywordShare"/>). A fixed share let BM25's incidental word matches on paraphrased
/// questions pull the right passage down; reciprocal rank fusion did so more (docs/performance.md has the figures).
/// The dense side ranks each passage with its document as context (<see cref="SemanticOptions.DocumentContext"/>).
/// Falls back to BM25 alone, and says so, whenever the semantic tier cannot rank.
/// </summary>
public sealed class HybridRetriever(KnowledgeRetriever keyword, SemanticSearch semantic, IOptions<SemanticOptions> options)
{
    /// <summary>The BM25 retriever this one falls back to.</summary>
    public KnowledgeRetriever Keyword => keyword;

    /// <summary>Ranks passages for <paramref name="query"/> (hybrid when it can) and composes the answer.</summary>
    public async Task<RetrievalResult> AskAsync(string query, int topK, CancellationToken cancellationToken)
    {
        // The keyword fallback below reads the question again; rewriting the same text twice gives the same question.
        query = keyword.Composer.Question(query);
        var settings = options.Value;
        var candidates = Math.Max(topK, settings.CandidatesPerRanking);
        var dense = await semantic.RankAsync(query, candidates, (float)settings.DocumentContext, cancellationToken).ConfigureAwait(false);
        if (!dense.Ranked)
        {
            return keyword.Ask(query, topK) with { Retrieval = RetrievalMode.Keyword, SemanticFallback = dense.Fallback, RetrievalReason = dense.Reason };
        }

        var index = keyword.Index;
        var terms = index.QueryTerms(query);
        var bm25 = index.Search(terms, candidates);
        var coverage = keyword.CoverageOf(terms, bm25);

        // Answerable when the best passage's meaning stands out from the corpus, or BM25 finds most of the words.
        var minSpecificity = settings.MinSpecificity ?? EmbeddingModels.MinSpecificity(settings.Model);
        var byMeaning = dense.Specificity >= minSpecificity;
        var matched = byMeaning || coverage >= settings.KeywordMatchCoverage;
        var result = matched
            ? keyword.Composer.Compose(query, terms, Fuse(index, bm25, dense.Hits, settings.KeywordShare * coverage), topK, byMeaning)
            : RetrievalResult.NoMatch;
        return result with { Retrieval = RetrievalMode.Hybrid };
    }

    /// <summary>
    /// Relative score fusion of every candidate, best first: each ranking's scores are min-max normalised over its own
    /// candidates (best 1, worst 0, absent 0), then mixed as <c>w·BM25 + (1 − w)·dense</c>. Ties keep BM25's order.
    /// </summary>
    internal static IReadOnlyList<SearchHit> Fuse(KnowledgeIndex index, IReadOnlyList<SearchHit> bm25, IReadOnlyList<DenseHit> dense, double keywordShare)
    {
        var scores = new Dictionary<int, (double Score, int FirstSeen)>(bm25.Count + dense.Count);
        var (bm25Max, bm25Min) = bm25.Count == 0 ? (0f, 0f) : (bm25[0].Score, bm25[^1].Score);
        for (var rank = 0; rank < bm25.Count; rank++)
        {
            scores[bm25[rank].Ordinal] = (keywordShare * Normalise(bm25[rank].Score, bm25Min, bm25Max), rank);
        }

        var (denseMax, denseMin) = (dense[0].Score, dense[^1].Score);
        for (var rank = 0; rank < dense.Count; rank++)
        {
            var add = (1 - keywordShare) * Normalise(dense[rank].Score, denseMin, denseMax);
            scores[dense[rank].Ordinal] = scores.TryGetValue(dense[rank].Ordinal, out var seen)
                ? (seen.Score + add, seen.FirstSeen)
                : (add, bm25.Count + rank);
        }

        return [.. scores
            .OrderByDescending(s => s.Value.Score).ThenBy(s => s.Value.FirstSeen)
            .Select(s => index.HitAt(s.Key, (float)s.Value.Score))];
    }

    // A single candidate, or all equal, counts as best.
    private static double Normalise(float score, float min, float max) => max > min ? (score - min) / (max - min) : 1;
}
