using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;
using Xunit.Abstractions;

namespace Xnai.Tests.Rag;

/// <summary>
/// BM25 alone, dense alone and hybrid on the original labelled set and on the paraphrases. The figures printed here
/// are the ones in docs/performance.md. Bars: hybrid loses nothing on the original set (top-1 at least BM25's, top-3 at
/// least 90 %) and finds clearly more than BM25 on the paraphrases.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HybridRelevanceTests(SemanticKnowledgeFixture knowledge, ITestOutputHelper output) : IClassFixture<SemanticKnowledgeFixture>
{
    [Theory]
    [InlineData(EmbeddingModels.MiniLm)]
    [InlineData(EmbeddingModels.ArcticXs)]
    public async Task Report_AllMethods_BothSets(string model)
    {
        using var services = SemanticHost.Create(knowledge, TimeProvider.System, model, SemanticHost.Unhurried());
        var hybrid = services.Ready(knowledge, model);
        foreach (var (name, set) in new[] { ("original", RelevanceTests.LabelledSet), ("paraphrase", ParaphraseSet.Questions) })
        {
            var bm25 = await Score(set, q => Task.FromResult<IReadOnlyList<string>>([.. knowledge.Retriever.Ask(q, 3).Sources.Select(s => s.Passage.DocumentId)]));
            var dense = await Score(set, q => Task.FromResult<IReadOnlyList<string>>([.. knowledge.DenseOrdinals(model, q, 3).Select(o => knowledge.Index.HitAt(o, 0).Passage.DocumentId)]));
            var fused = await Score(set, async q =>
            {
                var result = await hybrid.AskAsync(q, 3, CancellationToken.None);
                Assert.Equal(RetrievalMode.Hybrid, result.Retrieval);
                return [.. result.Sources.Select(s => s.Passage.DocumentId)];
            });
            output.WriteLine($"{model} {name} ({set.Length}): bm25 {bm25} | dense {dense} | hybrid {fused}");
            if (model == EmbeddingModels.MiniLm && name == "original")
            {
                Assert.True(fused.Top1 >= bm25.Top1, $"hybrid top-1 {fused.Top1} is below BM25's {bm25.Top1} on the original set");
                Assert.True(fused.Top3 >= 0.9 * set.Length, $"hybrid top-3 {fused.Top3}/{set.Length} is below 90 %");
            }
            else if (model == EmbeddingModels.MiniLm)
            {
                Assert.True(fused.Top1 >= 2 * bm25.Top1 && fused.Top3 > bm25.Top3, $"hybrid {fused} is not clearly above BM25 {bm25} on the paraphrases");
            }
        }
    }

    private static async Task<Figures> Score((string Question, string Document)[] set, Func<string, Task<IReadOnlyList<string>>> rank)
    {
        int top1 = 0, top3 = 0;
        foreach (var (question, document) in set)
        {
            var ranked = await rank(question);
            var position = ranked.Take(3).ToList().IndexOf(document) + 1;
            top1 += position == 1 ? 1 : 0;
            top3 += position is >= 1 and <= 3 ? 1 : 0;
        }

        return new Figures(top1, top3, set.Length);
    }

    private sealed record Figures(int Top1, int Top3, int Count)
    {
        public override string ToString() => $"top-1 {Top1} ({100.0 * Top1 / Count:F1} %), top-3 {Top3} ({100.0 * Top3 / Count:F1} %)";
    }
}
