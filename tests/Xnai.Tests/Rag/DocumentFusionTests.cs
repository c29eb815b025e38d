using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class DocumentFusionTests : IDisposable
{
    // Document a has passages 0 and 1, b passage 2, c passage 3.
    private static readonly float[] Similarities = [0.9f, 0.85f, 0.8f, 0.1f];

    private readonly KnowledgeIndex _index = KnowledgeIndex.Build(
    [
        Document("a.md", "alpha one", "alpha two"),
        Document("b.md", "beta"),
        Document("c.md", "gamma"),
    ], "test");

    [Fact]
    public void Fuse_TwoGoodPassagesOfOneDocument_OneSourceEach()
    {
        var hits = Fuse(bm25: [], coverage: 0);

        Assert.Equal([0, 2, 3], hits.Select(h => h.Ordinal));
        Assert.Equal(3, hits.Select(h => h.Passage.DocumentId).Distinct().Count());
    }

    [Fact]
    public void Fuse_Bm25CoveringNothing_DoesNotVote()
    {
        var hits = Fuse(bm25: [_index.HitAt(3, 10), _index.HitAt(2, 5), _index.HitAt(1, 1)], coverage: 0);

        Assert.Equal([0, 2, 3], hits.Select(h => h.Ordinal));
    }

    [Fact]
    public void Fuse_Bm25CoveringTheQuery_VotesWithHalfTheWeight()
    {
        // Dense per document (half best, half mean): a 0.8875, b 0.8, c 0.1 → normalised 1, 0.889, 0. BM25: c 1, b 0.444, a 0.
        // Fused at α 0.5: b 0.667, a 0.5, c 0.5 (a first on the tie: lower ordinal).
        var hits = Fuse(bm25: [_index.HitAt(3, 10), _index.HitAt(2, 5), _index.HitAt(1, 1)], coverage: 1);

        Assert.Equal([2, 0, 3], hits.Select(h => h.Ordinal));
        Assert.Equal(2.0 / 3, hits[0].Score, 5);
        Assert.Equal(0.5, hits[2].Score, 5);
    }

    [Fact]
    public void Lift_IsBestMinusMean()
    {
        Assert.Equal(0.2, new DenseRanking([0.5f, 0.1f, 0.3f]).Lift(), 5);
        Assert.Equal(0, DenseRanking.Unavailable.Lift());
    }

    public void Dispose() => _index.Dispose();

    private IReadOnlyList<SearchHit> Fuse(IReadOnlyList<SearchHit> bm25, double coverage) => DocumentFusion.Fuse(
        _index, new PassageDocuments(_index.Passages), bm25, Similarities, coverage, topK: 3, candidates: 20, semanticShare: 0.5);

    private static KnowledgeDocument Document(string id, params string[] texts) =>
        new(id, id, [.. texts.Select(t => new Passage(id, id, string.Empty, t))]);
}
