using Xnai.RagStub.Answers;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;

namespace Xnai.Tests.Rag.Answers;

/// <summary>The answer composer on a small corpus of its own: shape, one value per thing, citations, nothing-answers.</summary>
[Trait("Category", "Unit")]
public sealed class AnswerComposerTests : IDisposable
{
    private readonly KnowledgeIndex _index = KnowledgeIndex.Build(
    [
        Document("kettle.md", "The kettle", ("Timing", "The kettle boils water in 90 seconds. It switches itself off when the water boils. It holds 1.7 litres of water."),
            ("Safety", "The kettle has a dry-boil guard. Never fill the kettle above the max line.")),
        Document("toaster.md", "The toaster", ("Timing", "The toaster browns bread in 120 seconds. It pops the bread up when it is done."),
            ("Settings", "The `BrownLevel` setting chooses how dark the toast is. Six levels are available.")),
        Document("fridge.md", "The fridge", ("Temperature", "The fridge keeps food at 4 degrees. The freezer keeps food at minus 18 degrees.")),
    ], "test corpus");

    private readonly KnowledgeRetriever _retriever;

    public AnswerComposerTests() => _retriever = new KnowledgeRetriever(_index, new AnswerComposer(_index));

    public void Dispose() => _index.Dispose();

    [Fact]
    public void Idf_IsBm25sOverPassages_ReadFromTheIndexOnce()
    {
        // Five passages: "kettle" is in the two kettle passages (title and text), "water" in one, "pasta" in none.
        static double Bm25Idf(int documentFrequency) => Math.Log(1 + ((5 - documentFrequency + 0.5) / (documentFrequency + 0.5)));

        var (kettle, water, pasta) = (_index.QueryTerms("kettle")[0], _index.QueryTerms("water")[0], _index.QueryTerms("pasta")[0]);

        Assert.Equal(Bm25Idf(2), _index.Idf(kettle), 12);
        Assert.Equal(Bm25Idf(1), _index.Idf(water), 12);
        Assert.Equal(Bm25Idf(0), _index.Idf(pasta), 12);
    }

    [Fact]
    public void HowLong_AnswersWithTheDuration_AndNeverANeighboursDuration()
    {
        var result = _retriever.Ask("How long does the kettle take to boil water?", 3);

        Assert.Contains("90 seconds", result.Answer);
        Assert.DoesNotContain("120 seconds", result.Answer);
        Assert.EndsWith("[1]", result.Answer);
        Assert.Equal("kettle.md", result.Sources[0].Passage.DocumentId);
        Assert.Contains(result.Sources[0].Quoted, q => q.StartsWith("The kettle boils water in 90 seconds", StringComparison.Ordinal));
    }

    [Fact]
    public void WhichSetting_AnswersWithTheNameInCodeFont()
    {
        var result = _retriever.Ask("Which setting chooses how dark the toast is?", 3);

        Assert.Contains("`BrownLevel`", result.Answer);
        Assert.Equal("toaster.md", result.Sources[0].Passage.DocumentId);
    }

    [Fact]
    public void EverySentenceCarriesTheMarkerOfItsSource_AndTheSourceQuotesIt()
    {
        var result = _retriever.Ask("What does the kettle do when the water boils?", 3);

        var sentences = result.Answer.Split("] ", StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(sentences.Length, 1, 3);
        Assert.All(sentences, s => Assert.Matches(@"\[\d\]?$", s));
        var cited = result.Sources.Where(s => s.Quoted.Count > 0).ToList();
        Assert.Single(cited);
        Assert.All(cited[0].Quoted, q => Assert.Contains(q.TrimEnd('.'), result.Answer));
        Assert.True(AnswerSetEvaluation.WordCount(AnswerSetEvaluation.Plain(result.Answer)) <= AnswerComposer.MaxWords);
    }

    [Fact]
    public void NothingAnswersAboveTheThreshold_SaysSoAndNamesTheClosestTopics()
    {
        var composer = new AnswerComposer(_index);
        var terms = _index.QueryTerms("water bread food");
        IReadOnlyList<SearchHit> ranked = [.. _index.Search(terms, 6)];

        var result = composer.Compose("Who painted the ceiling of the chapel?", _index.QueryTerms("painted ceiling chapel"), ranked, 3);

        Assert.StartsWith("I could not find an answer", result.Answer);
        Assert.Contains("The kettle", result.Answer);
        Assert.Empty(result.Sources);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ParaphraseSharingNoWord_IsAnsweredFromTheBestPassage_OnlyWhenTheRankingMatchedItByMeaning(bool matchedByMeaning)
    {
        // "How cold is the icebox?" shares no word with the fridge's sentences; a meaning-based ranking put them first.
        var composer = new AnswerComposer(_index);
        IReadOnlyList<SearchHit> ranked = [.. _index.Search(_index.QueryTerms("fridge keeps food degrees"), 6)];
        Assert.Equal("fridge.md", ranked[0].Passage.DocumentId);

        var result = composer.Compose("How cold is the icebox?", _index.QueryTerms("How cold is the icebox?"), ranked, 3, matchedByMeaning);

        if (matchedByMeaning)
        {
            Assert.StartsWith("The fridge keeps food at 4 degrees.", result.Answer);
            Assert.EndsWith("[1]", result.Answer);
            Assert.Equal("fridge.md", result.Sources[0].Passage.DocumentId);
            Assert.NotEmpty(result.Sources[0].Quoted);
        }
        else
        {
            Assert.StartsWith("I could not find an answer", result.Answer);
            Assert.Empty(result.Sources);
        }
    }

    [Fact]
    public void OffTopicQuestion_GetsNoSource()
    {
        var result = _retriever.Ask("What is the capital of Mongolia?", 3);

        Assert.Empty(result.Sources);
        Assert.Equal(KnowledgeRetriever.NoMatchAnswer, result.Answer);
    }

    [Fact]
    public void HowLong_OfTheBreakerTheQuestionNames_NeverTheOthersDuration()
    {
        using var breakers = Breakers();
        var result = new KnowledgeRetriever(breakers, new AnswerComposer(breakers)).Ask("How long does the redis breaker stay open?", 3);

        Assert.Contains("15 seconds", result.Answer);
        Assert.DoesNotContain("30 seconds", result.Answer);
        Assert.DoesNotContain("45 seconds", result.Answer);
        Assert.Equal("breaker-redis.md", Assert.Single(result.Sources, s => s.Quoted.Count > 0).Passage.DocumentId);
    }

    [Fact]
    public void WordOrder_TextIntoSpeech_IsNotSpeechIntoText()
    {
        using var breakers = Breakers();
        var result = new KnowledgeRetriever(breakers, new AnswerComposer(breakers)).Ask("Which program turns text into speech?", 3);

        Assert.Contains("flite", result.Answer);
        Assert.DoesNotContain("pocketsphinx", result.Answer);
    }

    [Fact]
    public void WhichMetric_UnderAHeadingThatIsTheName_AnswersWithTheName()
    {
        using var breakers = Breakers();
        var result = new KnowledgeRetriever(breakers, new AnswerComposer(breakers)).Ask("Which metric counts automatic recoveries?", 3);

        Assert.StartsWith("`circuit_breaker_recoveries_total`: The number of automatic recoveries", result.Answer, StringComparison.Ordinal);
        // The source quotes the document's own sentence, which the page highlights.
        Assert.Contains(result.Sources.SelectMany(s => s.Quoted), q => q.StartsWith("The number of automatic recoveries", StringComparison.Ordinal));
    }

    [Fact]
    public void HowDoI_IsAnsweredWithWhatToDo_InCodeFont()
    {
        // Two sentences share the question's words equally; the answer has room for one of them (about 50 words).
        using var index = KnowledgeIndex.Build(
        [
            Document("descaling.md", "Descaling", ("", "Descaling the kettle now and then, every few weeks in a hard-water area and every few months where the water is soft, "
                + "keeps the element free of scale, saves energy on every boil, makes the water taste better and lets the kettle go on working well for many years. "
                + "Run `kettle --descale` with the kettle empty and unplugged to descale it.")),
        ], "descaling corpus");

        var result = new KnowledgeRetriever(index, new AnswerComposer(index)).Ask("How do I descale the kettle?", 3);

        Assert.True(result.Answer.Contains("`kettle --descale`", StringComparison.Ordinal), result.Answer);
    }

    [Fact]
    public void WhichEndpoint_InADocumentTitledByTheRoute_AnswersWithTheRouteOnce()
    {
        using var breakers = Breakers();
        var result = new KnowledgeRetriever(breakers, new AnswerComposer(breakers)).Ask("Which endpoint lists every stored widget and its colour?", 3);

        // The title "API: GET /api/widgets" names what every sentence of the document is about; the answer says it once.
        Assert.StartsWith("`GET /api/widgets`: Lists every stored widget", result.Answer, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Answer, "GET /api/widgets"));
    }

    [Theory]
    [InlineData("How long does the RAG breaker stay open?", QuestionKind.Duration)]
    [InlineData("How long can a chat message be?", QuestionKind.Limit)]
    [InlineData("What is the longest recording I can upload?", QuestionKind.Limit)]
    [InlineData("What share of failed calls opens a breaker?", QuestionKind.Share)]
    [InlineData("Is the slow-call rule on by default?", QuestionKind.Default)]
    [InlineData("Which alert fires when a breaker flaps?", QuestionKind.Name)]
    [InlineData("How many failures in a row open it?", QuestionKind.Count)]
    [InlineData("Which header carries the admin key?", QuestionKind.Name)]
    [InlineData("What are the steps to restore Redis?", QuestionKind.Steps)]
    [InlineData("Why does the voice breaker wait?", QuestionKind.Reason)]
    [InlineData("What does the voice breaker do?", QuestionKind.Open)]
    [InlineData("How do I clear the injected faults?", QuestionKind.HowTo)]
    public void QuestionShape_IsReadFromTheWording(string question, QuestionKind kind) => Assert.Equal(kind, QuestionShape.Of(question));

    // Three breakers stating the same kind of fact, two voice engines whose descriptions differ only in word order, and a metric named by its heading.
    private static KnowledgeIndex Breakers() => KnowledgeIndex.Build(
    [
        Document("breaker-rag-api.md", "The rag_api breaker", ("", "Opens after 3 consecutive failures. Stays open for 30 seconds, then half-opens and sends one probe.")),
        Document("breaker-redis.md", "The redis breaker", ("", "Opens after 5 consecutive failures. Stays open for 15 seconds, then half-opens and probes.")),
        Document("breaker-voice.md", "The voice_processing breaker", ("", "Opens after 2 consecutive failures. Stays open for 45 seconds before half-opening.")),
        Document("stt.md", "Speech recognition", ("", "The pocketsphinx engine turns speech into text, offline.")),
        Document("tts.md", "Speech synthesis", ("", "The flite program turns text into speech, offline.")),
        Document("api-widgets.md", "API: GET /api/widgets", ("", "Lists every stored widget, newest first. Each widget comes with its colour and its size.")),
        Document("metrics.md", "Metrics", ("circuit_breaker_recoveries_total", "The number of automatic recoveries: a breaker that went from open back to closed."),
            ("circuit_breaker_rejections_total", "The number of calls rejected because the breaker was open.")),
    ], "breaker corpus");

    private static KnowledgeDocument Document(string id, string title, params (string Section, string Text)[] sections) =>
        new(id, title, [.. sections.Select(s => new Passage(id, title, s.Section, s.Text))]);
}
