using Xnai.RagStub.Search;
using Xunit.Abstractions;

namespace Xnai.Tests.Rag.Answers;

/// <summary>
/// The answer set through the real retrievers and composer over the shipped knowledge. Keyword-only runs in the
/// suite (fast); hybrid needs the model and runs as Category=Evaluation. Figures in docs/answers.md.
/// </summary>
public sealed class AnswerSetTests(SemanticKnowledgeFixture knowledge, ITestOutputHelper output) : IClassFixture<SemanticKnowledgeFixture>
{
    [Fact]
    public async Task DevSet_KeywordOnly_Report()
    {
        var before = await AnswerSetEvaluation.Score(AnswerDevSet.Cases, q => Task.FromResult(Keyword(new ExtractiveComposer(knowledge.Index)).Ask(q, 3)));
        var after = await AnswerSetEvaluation.Score(AnswerDevSet.Cases, q => Task.FromResult(knowledge.Retriever.Ask(q, 3)), output.WriteLine);
        output.WriteLine($"keyword dev: today's {before} | new {after}");
    }

    [Fact]
    [Trait("Category", "Evaluation")]
    public async Task DevSet_Hybrid_Report()
    {
        var before = await Hybrid(AnswerDevSet.Cases, new ExtractiveComposer(knowledge.Index), null);
        var after = await Hybrid(AnswerDevSet.Cases, knowledge.Retriever.Composer, output.WriteLine);
        output.WriteLine($"hybrid dev: today's {before} | new {after}");
    }

    private KnowledgeRetriever Keyword(IAnswerComposer composer) => new(knowledge.Index, composer);

    private async Task<AnswerFigures> Hybrid(AnswerCase[] cases, IAnswerComposer composer, Action<string>? log)
    {
        using var services = SemanticHost.Create(knowledge, TimeProvider.System, settings: SemanticHost.Unhurried(), keyword: Keyword(composer));
        var hybrid = services.Ready(knowledge);
        return await AnswerSetEvaluation.Score(cases, q => Ask(hybrid, q), log);
    }

    private static async Task<RetrievalResult> Ask(HybridRetriever hybrid, string question)
    {
        var result = await hybrid.AskAsync(question, 3, CancellationToken.None);
        Assert.Equal(RetrievalMode.Hybrid, result.Retrieval);
        return result;
    }
}
