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
        var figures = await AnswerSetEvaluation.Score(AnswerDevSet.Cases, q => Task.FromResult(knowledge.Retriever.Ask(q, 3)), output.WriteLine);
        output.WriteLine($"keyword dev: {figures}");
    }

    [Fact]
    [Trait("Category", "Evaluation")]
    public async Task DevSet_Hybrid_Report()
    {
        using var services = SemanticHost.Create(knowledge, TimeProvider.System, settings: SemanticHost.Unhurried());
        var hybrid = services.Ready(knowledge);
        var figures = await AnswerSetEvaluation.Score(AnswerDevSet.Cases, q => Ask(hybrid, q), output.WriteLine);
        output.WriteLine($"hybrid dev: {figures}");
    }

    private static async Task<RetrievalResult> Ask(HybridRetriever hybrid, string question)
    {
        var result = await hybrid.AskAsync(question, 3, CancellationToken.None);
        Assert.Equal(RetrievalMode.Hybrid, result.Retrieval);
        return result;
    }
}
