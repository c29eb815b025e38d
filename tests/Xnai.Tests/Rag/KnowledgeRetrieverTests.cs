using Xnai.RagStub.Search;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class KnowledgeRetrieverTests(ShippedKnowledgeFixture knowledge) : IClassFixture<ShippedKnowledgeFixture>
{
    public static TheoryData<string> AwkwardQueries => new()
    {
        ":*?~\"()[]{}^!\\/+-&|",
        "rag_api AND (redis OR voice_processing) NOT \"half open\"~2",
        "title:breaker* AND fail?re~0.5 ^3",
        "\"unterminated phrase",
        "((((((((((",
        "/regex.*/",
        "🔥🔥 circuit breaker 🔥🔥",
        "熔断器 是 什么",
        "قاطع الدائرة redis",
        "cafe\u0301 naïve ﬁle",
        "\u0000\u0001\u001f control",
        "\ud800 lone surrogate",
        new string('a', 2000),
        string.Join(" ", Enumerable.Range(0, 400).Select(i => $"w{i}")),
    };

    [Theory]
    [MemberData(nameof(AwkwardQueries))]
    public void Ask_AwkwardQuery_NeverThrows(string query)
    {
        var result = knowledge.Retriever.Ask(query, 5);

        Assert.False(string.IsNullOrWhiteSpace(result.Answer));
        Assert.True(result.Sources.Count <= 5);
    }

    [Theory]
    [InlineData("How do I bake a chocolate cake?")]
    [InlineData("What is the capital of Mongolia")]
    [InlineData("the of and to")]
    [InlineData("???")]
    public void Ask_NothingRelevant_HonestNoMatch(string query)
    {
        var result = knowledge.Retriever.Ask(query, 3);

        Assert.Empty(result.Sources);
        Assert.Equal(KnowledgeRetriever.NoMatchAnswer, result.Answer);
    }

    [Fact]
    public void Ask_RelevantQuestion_AnswerQuotesTheTopSourcesDocumentOnly()
    {
        var result = knowledge.Retriever.Ask("How many consecutive failures open the redis breaker?", 3);

        Assert.Equal("breaker-redis.md", result.Sources[0].Passage.DocumentId);
        Assert.Contains("5 consecutive failures", result.Answer);
        var sourceText = string.Join(" ", knowledge.Index.Passages
            .Where(p => p.DocumentId == result.Sources[0].Passage.DocumentId)
            .Select(p => p.Text.Replace('\n', ' ')));
        // Compared on the text a person reads: the citation markers ([1]) are the composer's, not the document's.
        Assert.All(Answers.AnswerSetEvaluation.Plain(result.Answer).Split(". ", StringSplitOptions.RemoveEmptyEntries),
            sentence => Assert.Contains(sentence.TrimEnd('.')[..Math.Min(30, sentence.TrimEnd('.').Length)], sourceText));
        Assert.True(result.Answer.Length <= 700);
    }

    [Theory]
    [InlineData("and the redis one?", "How long does the RAG breaker stay open?", @"\b15 seconds", @"\b(30|45) seconds")]
    [InlineData("and the voice one?", "How long does the redis breaker stay open?", @"\b45 seconds", @"\b(15|30) seconds")]
    [InlineData("what about redis?", "How many failures in a row open the knowledge base breaker?", @"\b5 consecutive", @"\b(2|3) consecutive")]
    public void Ask_FollowUp_AnswersAboutTheSubjectTheNewMessageNames(string followUp, string previous, string states, string mustNot)
    {
        // The query chatapi sends for a short follow-up: the new message, then the previous question (ChatService.BuildQuery).
        var answer = Answers.AnswerSetEvaluation.Plain(knowledge.Retriever.Ask($"{followUp} {previous}", 3).Answer);

        Assert.Matches(states, answer);
        Assert.DoesNotMatch(mustNot, answer);
    }

    [Fact]
    public void Ask_Sources_AreRankedBestFirstWithSnippets()
    {
        var result = knowledge.Retriever.Ask("voice breaker 45 seconds", 10);

        Assert.Equal(10, result.Sources.Count);
        Assert.Equal(10, result.Sources.Select(s => s.Passage.DocumentId).Distinct().Count());
        Assert.Equal(result.Sources.OrderByDescending(s => s.Score).Select(s => s.Score), result.Sources.Select(s => s.Score));
        Assert.All(result.Sources, s => Assert.InRange(s.Snippet.Length, 1, 245));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(20)]
    public void Ask_TopK_LimitsTheSources(int topK) =>
        Assert.Equal(topK, knowledge.Retriever.Ask("circuit breaker", topK).Sources.Count);

    [Fact]
    public void Ask_SnakeCaseNamesAndPlainWords_BothMatch()
    {
        Assert.Equal("metrics-circuit-breaker-state.md", knowledge.Retriever.Ask("circuit_breaker_state", 1).Sources[0].Passage.DocumentId);
        Assert.Equal("breaker-rag-api.md", knowledge.Retriever.Ask("why 30 seconds for the rag breaker", 1).Sources[0].Passage.DocumentId);
    }

    [Fact]
    public async Task Ask_ConcurrentQueries_GiveTheSameResultsAsSequential()
    {
        var questions = RelevanceTests.LabelledSet.Select(q => q.Question).ToArray();
        var expected = questions.Select(q => string.Join("|", knowledge.Retriever.Ask(q, 3).Sources.Select(s => s.Passage.DocumentId))).ToArray();

        var tasks = Enumerable.Range(0, 400).Select(i => Task.Run(() =>
            (i % questions.Length, string.Join("|", knowledge.Retriever.Ask(questions[i % questions.Length], 3).Sources.Select(s => s.Passage.DocumentId)))));
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(results, r => Assert.Equal(expected[r.Item1], r.Item2));
    }
}
