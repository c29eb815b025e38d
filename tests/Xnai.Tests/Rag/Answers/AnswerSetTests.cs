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
    /// The held-out part (issue 28), evaluated once after all tuning (XNAI_ANSWERS_HELDOUT=1); its figures are in
    /// docs/answers.md. Reported, not asserted: nothing may be tuned against it.
    /// </summary>
    [Fact]
    [Trait("Category", "Evaluation")]
    public async Task HeldOut_Report()
    {
        if (Environment.GetEnvironmentVariable("XNAI_ANSWERS_HELDOUT") != "1")
        {
            output.WriteLine("held-out answer set: not run (XNAI_ANSWERS_HELDOUT=1 runs it)");
            return;
        }

        var keywordBefore = await AnswerSetEvaluation.Score(AnswerHeldOutSet.Cases, q => Task.FromResult(Keyword(new ExtractiveComposer(knowledge.Index)).Ask(q, 3)));
        var keywordAfter = await AnswerSetEvaluation.Score(AnswerHeldOutSet.Cases, q => Task.FromResult(knowledge.Retriever.Ask(q, 3)), output.WriteLine);
        var hybridBefore = await Hybrid(AnswerHeldOutSet.Cases, new ExtractiveComposer(knowledge.Index), null);
        var hybridAfter = await Hybrid(AnswerHeldOutSet.Cases, knowledge.Retriever.Composer, output.WriteLine);
        output.WriteLine($"keyword held-out: today's {keywordBefore} | new {keywordAfter}");
        output.WriteLine($"hybrid held-out: today's {hybridBefore} | new {hybridAfter}");
    }

    /// <summary>
    /// The second held-out part (<see cref="AnswerHeldOutSet2"/>), evaluated once after all tuning
    /// (XNAI_ANSWERS_HELDOUT2=1); reported, not asserted. Figures in docs/answers.md.
    /// </summary>
    [Fact]
    [Trait("Category", "Evaluation")]
    public async Task HeldOut2_Report()
    {
        if (Environment.GetEnvironmentVariable("XNAI_ANSWERS_HELDOUT2") != "1")
        {
            output.WriteLine("second held-out answer set: not run (XNAI_ANSWERS_HELDOUT2=1 runs it)");
            return;
        }

        var keywordBefore = await AnswerSetEvaluation.Score(AnswerHeldOutSet2.Cases, q => Task.FromResult(Keyword(new ExtractiveComposer(knowledge.Index)).Ask(q, 3)));
        var keywordAfter = await AnswerSetEvaluation.Score(AnswerHeldOutSet2.Cases, q => Task.FromResult(knowledge.Retriever.Ask(q, 3)), output.WriteLine);
        var hybridBefore = await Hybrid(AnswerHeldOutSet2.Cases, new ExtractiveComposer(knowledge.Index), null);
        var hybridAfter = await Hybrid(AnswerHeldOutSet2.Cases, knowledge.Retriever.Composer, output.WriteLine);
        output.WriteLine($"keyword held-out 2: today's {keywordBefore} | new {keywordAfter}");
        output.WriteLine($"hybrid held-out 2: today's {hybridBefore} | new {hybridAfter}");
    }

    /// <summary>
    /// The third held-out part (<see cref="AnswerHeldOutSet3"/>), evaluated once after all tuning
    /// (XNAI_ANSWERS_HELDOUT3=1); reported, not asserted. Figures in docs/answers.md.
    /// </summary>
    [Fact]
    [Trait("Category", "Evaluation")]
    public async Task HeldOut3_Report()
    {
        if (Environment.GetEnvironmentVariable("XNAI_ANSWERS_HELDOUT3") != "1")
        {
            output.WriteLine("third held-out answer set: not run (XNAI_ANSWERS_HELDOUT3=1 runs it)");
            return;
        }

        var keywordBefore = await AnswerSetEvaluation.Score(AnswerHeldOutSet3.Cases, q => Task.FromResult(Keyword(new ExtractiveComposer(knowledge.Index)).Ask(q, 3)));
        var keywordAfter = await AnswerSetEvaluation.Score(AnswerHeldOutSet3.Cases, q => Task.FromResult(knowledge.Retriever.Ask(q, 3)), output.WriteLine);
        var hybridBefore = await Hybrid(AnswerHeldOutSet3.Cases, new ExtractiveComposer(knowledge.Index), null);
        var hybridAfter = await Hybrid(AnswerHeldOutSet3.Cases, knowledge.Retriever.Composer, output.WriteLine);
        output.WriteLine($"keyword held-out 3: today's {keywordBefore} | new {keywordAfter}");
        output.WriteLine($"hybrid held-out 3: today's {hybridBefore} | new {hybridAfter}");
    }

    /// <summary>
    /// The fourth held-out part (<see cref="AnswerHeldOutSet4"/>), evaluated once after all tuning
    /// (XNAI_ANSWERS_HELDOUT4=1); reported, not asserted. Figures in docs/answers.md.
    /// </summary>
    [Fact]
    [Trait("Category", "Evaluation")]
    public async Task HeldOut4_Report()
    {
        if (Environment.GetEnvironmentVariable("XNAI_ANSWERS_HELDOUT4") != "1")
        {
            output.WriteLine("fourth held-out answer set: not run (XNAI_ANSWERS_HELDOUT4=1 runs it)");
            return;
        }

        var keywordBefore = await AnswerSetEvaluation.Score(AnswerHeldOutSet4.Cases, q => Task.FromResult(Keyword(new ExtractiveComposer(knowledge.Index)).Ask(q, 3)));
        var keywordAfter = await AnswerSetEvaluation.Score(AnswerHeldOutSet4.Cases, q => Task.FromResult(knowledge.Retriever.Ask(q, 3)), output.WriteLine);
        var hybridBefore = await Hybrid(AnswerHeldOutSet4.Cases, new ExtractiveComposer(knowledge.Index), null);
        var hybridAfter = await Hybrid(AnswerHeldOutSet4.Cases, knowledge.Retriever.Composer, output.WriteLine);
        output.WriteLine($"keyword held-out 4: today's {keywordBefore} | new {keywordAfter}");
        output.WriteLine($"hybrid held-out 4: today's {hybridBefore} | new {hybridAfter}");
    }

    /// <summary>
    /// The fifth held-out part (<see cref="AnswerHeldOutSet5"/>), evaluated once after all tuning
    /// (XNAI_ANSWERS_HELDOUT5=1); reported, not asserted. Figures in docs/answers.md.
    /// </summary>
    [Fact]
    [Trait("Category", "Evaluation")]
    public async Task HeldOut5_Report()
    {
        if (Environment.GetEnvironmentVariable("XNAI_ANSWERS_HELDOUT5") != "1")
        {
            output.WriteLine("fifth held-out answer set: not run (XNAI_ANSWERS_HELDOUT5=1 runs it)");
            return;
        }

        var keywordBefore = await AnswerSetEvaluation.Score(AnswerHeldOutSet5.Cases, q => Task.FromResult(Keyword(new ExtractiveComposer(knowledge.Index)).Ask(q, 3)));
        var keywordAfter = await AnswerSetEvaluation.Score(AnswerHeldOutSet5.Cases, q => Task.FromResult(knowledge.Retriever.Ask(q, 3)), output.WriteLine);
        var hybridBefore = await Hybrid(AnswerHeldOutSet5.Cases, new ExtractiveComposer(knowledge.Index), null);
        var hybridAfter = await Hybrid(AnswerHeldOutSet5.Cases, knowledge.Retriever.Composer, output.WriteLine);
        output.WriteLine($"keyword held-out 5: today's {keywordBefore} | new {keywordAfter}");
        output.WriteLine($"hybrid held-out 5: today's {hybridBefore} | new {hybridAfter}");
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
