using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;

namespace Xnai.Tests.Rag;

/// <summary>The pieces of hybrid ranking with hand-made vectors and scores, asserted exactly.</summary>
[Trait("Category", "Unit")]
public sealed class HybridRankingTests(ShippedKnowledgeFixture knowledge) : IClassFixture<ShippedKnowledgeFixture>
{
    // Document 0: a1, a2, both leaning towards the query; document 1: b1 closest on its own, b2 pointing away.
    private static readonly float[][] Vectors =
    [
        [0.8f, 0.6f], [0.6f, -0.8f], [0.9f, MathF.Sqrt(1 - 0.81f)], [-0.6f, 0.8f],
    ];

    private static readonly float[] Query = [1f, 0f];

    [Fact]
    public void DenseSearch_NoContext_RanksByCosine()
    {
        var ranking = new DenseVectors(Vectors, [0, 0, 1, 1]).Search(Query, 4);

        Assert.Equal([2, 0, 1, 3], ranking.Hits.Select(h => h.Ordinal));
        Assert.Equal(ranking.Hits.Select(h => h.Similarity), ranking.Hits.Select(h => h.Score));
    }

    [Fact]
    public void DenseSearch_DocumentContext_LiftsThePassageOfTheDocumentAboutTheQuery()
    {
        var ranking = new DenseVectors(Vectors, [0, 0, 1, 1]).Search(Query, 2, documentContext: 1f);

        // a1: 0.8 + 1 × mean(0.8, 0.6) = 1.5 and a2: 0.6 + 0.7 = 1.3 beat b1: 0.9 + 1 × mean(0.9, -0.6) = 1.05.
        Assert.Equal([0, 1], ranking.Hits.Select(h => h.Ordinal));
        Assert.Equal(0.8f, ranking.Hits[0].Similarity, 5);
        Assert.Equal(1.5f, ranking.Hits[0].Score, 5);
    }

    [Fact]
    public void DenseSearch_Ungrouped_IgnoresDocumentContext()
    {
        var ranking = new DenseVectors(Vectors).Search(Query, 4, documentContext: 1f);

        Assert.Equal([2, 0, 1, 3], ranking.Hits.Select(h => h.Ordinal));
    }

    [Fact]
    public void DenseSearch_Specificity_IsBestCosineAboveTheCorpusMean()
    {
        var ranking = new DenseVectors(Vectors, [0, 0, 1, 1]).Search(Query, 1, documentContext: 1f);

        // Best cosine 0.9 (b1, whatever the context ranks first) minus mean(0.8, 0.6, 0.9, -0.6) = 0.425.
        Assert.Equal(0.475f, ranking.Specificity, 5);
    }

    [Fact]
    public void DenseVectors_GroupsOfTheWrongLength_Throw() =>
        Assert.Throws<ArgumentException>(() => new DenseVectors(Vectors, [0, 1]));

    [Theory]
    [InlineData(0.25, new[] { 2, 3, 1 }, new[] { 0.75, 0.375, 0.25 })]
    [InlineData(0.6, new[] { 1, 2, 3 }, new[] { 0.6, 0.4, 0.2 })]
    public void Fuse_KeywordShare_MixesTheNormalisedRankings(double keywordShare, int[] order, double[] scores)
    {
        var index = knowledge.Index;
        IReadOnlyList<SearchHit> bm25 = [index.HitAt(1, 9f), index.HitAt(2, 3f)];
        IReadOnlyList<DenseHit> dense = [new(2, 0.5f, 0.9f), new(3, 0.3f, 0.5f), new(1, 0.1f, 0.1f)];

        var fused = HybridRetriever.Fuse(index, bm25, dense, keywordShare);

        Assert.Equal(order, fused.Select(h => h.Ordinal));
        Assert.Equal(scores, fused.Select(h => Math.Round(h.Score, 5)));
    }

    [Fact]
    public void Compose_RankingMixesDocuments_AnswerQuotesTheBestDocumentAndSourcesAreDistinct()
    {
        var index = knowledge.Index;
        int Ordinal(string document, string section) =>
            Enumerable.Range(0, index.PassageCount).First(i => index.Passages[i].DocumentId == document && index.Passages[i].Section == section);
        var rag = Ordinal("breaker-rag-api.md", "Thresholds");
        var redis = Ordinal("breaker-redis.md", "Thresholds");
        var ragWhy = Ordinal("breaker-rag-api.md", "Why 30 seconds");
        IReadOnlyList<SearchHit> ranked = [index.HitAt(rag, 3f), index.HitAt(redis, 2.9f), index.HitAt(ragWhy, 2f)];

        var result = knowledge.Retriever.Composer.Compose("How long does the breaker stay open?", index.QueryTerms("How long does the breaker stay open?"), ranked, 3);

        Assert.Contains("30 seconds", result.Answer);
        Assert.DoesNotContain("15 seconds", result.Answer);
        Assert.Equal(["breaker-rag-api.md", "breaker-redis.md"], result.Sources.Select(s => s.Passage.DocumentId));
    }
}
