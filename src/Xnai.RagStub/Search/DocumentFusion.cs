namespace Xnai.RagStub.Search;

/// <summary>
/// Fuses BM25 and dense similarity per document, not per passage: a document is one candidate, so two middling passages
/// of one document cannot push a better document out of the top K, and each source names a different document.
/// <list type="bullet">
/// <item>Dense, per document: half its best passage's cosine plus half its passages' mean cosine (a document that is
/// about the question throughout beats one with a single incidental passage).</item>
/// <item>BM25, per document: its best passage's score.</item>
/// <item>Each list's top candidates are min-max normalised (best 1, worst 0, absent 0), then mixed as
/// <c>α·dense + (1 − α)·c·BM25</c>, where c is the share of the query's weight BM25's best passage covers: when BM25
/// matched only an incidental word or two it barely votes, when it matched the question's own terms it counts fully.</item>
/// </list>
/// Each document is represented by the passage that gave it most of its score.
/// </summary>
internal static class DocumentFusion
{
    public static IReadOnlyList<SearchHit> Fuse(
        KnowledgeIndex index, PassageDocuments documents, IReadOnlyList<SearchHit> bm25, float[] similarities,
        double bm25Coverage, int topK, int candidates, double semanticShare)
    {
        var dense = new Candidate[documents.Count];
        var passages = new int[documents.Count];
        for (var ordinal = 0; ordinal < similarities.Length; ordinal++)
        {
            ref var document = ref dense[documents.Of(ordinal)];
            passages[documents.Of(ordinal)]++;
            document.Sum += similarities[ordinal];
            if (passages[documents.Of(ordinal)] == 1 || similarities[ordinal] > document.Best)
            {
                (document.Best, document.Ordinal) = (similarities[ordinal], ordinal);
            }
        }

        var denseScores = new Dictionary<int, (double Score, int Ordinal)>(documents.Count);
        for (var number = 0; number < dense.Length; number++)
        {
            if (passages[number] > 0)
            {
                denseScores[number] = ((0.5 * dense[number].Best) + (0.5 * dense[number].Sum / passages[number]), dense[number].Ordinal);
            }
        }

        // BM25 hits come best first, so the first hit of a document is its best passage.
        var keywordScores = new Dictionary<int, (double Score, int Ordinal)>();
        foreach (var hit in bm25)
        {
            keywordScores.TryAdd(documents.Of(hit.Ordinal), (hit.Score, hit.Ordinal));
        }

        var denseTop = Normalised(denseScores, candidates);
        var keywordTop = Normalised(keywordScores, candidates);
        var keywordShare = (1 - semanticShare) * Math.Clamp(bm25Coverage, 0, 1);
        var fused = new List<(double Score, int Ordinal)>(denseTop.Count + keywordTop.Count);
        foreach (var number in denseTop.Keys.Union(keywordTop.Keys))
        {
            var fromDense = denseTop.TryGetValue(number, out var d) ? semanticShare * d.Score : 0;
            var fromKeyword = keywordTop.TryGetValue(number, out var k) ? keywordShare * k.Score : 0;
            fused.Add((fromDense + fromKeyword, fromKeyword > fromDense ? k.Ordinal : denseScores[number].Ordinal));
        }

        return [.. fused
            .OrderByDescending(f => f.Score).ThenBy(f => f.Ordinal)
            .Take(topK)
            .Select(f => index.HitAt(f.Ordinal, (float)f.Score))];
    }

    // The best `candidates` scores, min-max normalised over themselves; a single candidate, or all equal, counts as best.
    private static Dictionary<int, (double Score, int Ordinal)> Normalised(Dictionary<int, (double Score, int Ordinal)> scores, int candidates)
    {
        var top = scores.OrderByDescending(s => s.Value.Score).ThenBy(s => s.Key).Take(candidates).ToList();
        if (top.Count == 0)
        {
            return [];
        }

        var (max, min) = (top[0].Value.Score, top[^1].Value.Score);
        return top.ToDictionary(s => s.Key, s => (max > min ? (s.Value.Score - min) / (max - min) : 1, s.Value.Ordinal));
    }

    private struct Candidate
    {
        public double Best;
        public double Sum;
        public int Ordinal;
    }
}
