using Xnai.RagStub.Hybrid;
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

        // Keyword-only is the fallback mode: no contradiction and short, correct as often as measured (87.5 %).
        Assert.Equal(0, after.Contradicting);
        Assert.True(after.MedianWords <= 50, $"median {after.MedianWords} words");
        Assert.True(after.CorrectShare >= 0.85, after.ToString());
    }

    [Fact]
    [Trait("Category", "Evaluation")]
    public async Task DevSet_Hybrid_Report()
    {
        var before = await Hybrid(AnswerDevSet.Cases, new ExtractiveComposer(knowledge.Index), null);
        var after = await Hybrid(AnswerDevSet.Cases, knowledge.Retriever.Composer, output.WriteLine);
        output.WriteLine($"hybrid dev: today's {before} | new {after}");

        // The bar on the answer set, in the shipped (hybrid) mode.
        Assert.True(after.CorrectShare >= 0.90, after.ToString());
        Assert.Equal(0, after.Contradicting);
        Assert.True(after.MedianWords <= 50, $"median {after.MedianWords} words");
    }

    /// <summary>
    /// The held-out parts (issue 28), each evaluated once after the tuning of its round, when its variable is set
    /// (<c>XNAI_ANSWERS_HELDOUT=1</c> for part 1, <c>XNAI_ANSWERS_HELDOUT{n}=1</c> for part n). Reported, not
    /// asserted: nothing may be tuned against a part before it is spent. Figures in docs/answers.md.
    /// </summary>
    [Theory]
    [Trait("Category", "Evaluation")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task HeldOut_Report(int part)
    {
        var (variable, cases) = part switch
        {
            1 => ("XNAI_ANSWERS_HELDOUT", AnswerHeldOutSet.Cases),
            2 => ("XNAI_ANSWERS_HELDOUT2", AnswerHeldOutSet2.Cases),
            3 => ("XNAI_ANSWERS_HELDOUT3", AnswerHeldOutSet3.Cases),
            4 => ("XNAI_ANSWERS_HELDOUT4", AnswerHeldOutSet4.Cases),
            5 => ("XNAI_ANSWERS_HELDOUT5", AnswerHeldOutSet5.Cases),
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };
        var label = part == 1 ? "held-out" : $"held-out {part}";
        if (Environment.GetEnvironmentVariable(variable) != "1")
        {
            output.WriteLine($"{label} answer set: not run ({variable}=1 runs it)");
            return;
        }

        var keywordBefore = await AnswerSetEvaluation.Score(cases, q => Task.FromResult(Keyword(new ExtractiveComposer(knowledge.Index)).Ask(q, 3)));
        var keywordAfter = await AnswerSetEvaluation.Score(cases, q => Task.FromResult(knowledge.Retriever.Ask(q, 3)), output.WriteLine);
        var hybridBefore = await Hybrid(cases, new ExtractiveComposer(knowledge.Index), null);
        var hybridAfter = await Hybrid(cases, knowledge.Retriever.Composer, output.WriteLine);
        output.WriteLine($"keyword {label}: today's {keywordBefore} | new {keywordAfter}");
        output.WriteLine($"hybrid {label}: today's {hybridBefore} | new {hybridAfter}");
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
