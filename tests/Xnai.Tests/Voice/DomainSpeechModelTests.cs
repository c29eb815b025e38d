using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xnai.VoiceWorker.Audio;
using Xnai.VoiceWorker.Speech;
using Xnai.VoiceWorker.Speech.Domain;

namespace Xnai.Tests.Voice;

[Trait("Category", "Unit")]
public sealed class DomainSpeechModelTests
{
    private static readonly PronunciationLexicon Lexicon = PronunciationLexicon.Parse(
    [
        "chat CH AE T", "pocket P AA K AH T", "sphinx S F IH NG K S", "rag R AE G", "the DH AH", "the(2) DH IY",
        "voice V OY S", "worker W ER K ER", "voices V OY S AH Z", "passage P AE S AH JH", "passages P AE S AH JH AH Z",
    ]);

    [Fact]
    public void FlitePhones_MapToTheCmuSet()
    {
        Assert.Equal("R IY D IH S", PhoneSet.FromFlite("pau r iy1 d ih0 s pau"));
        Assert.Equal("G R AE F AA N AH", PhoneSet.FromFlite("pau g r ae1 f aa1 n ax pau"));
        Assert.Null(PhoneSet.FromFlite("pau q9 pau"));
        Assert.Null(PhoneSet.FromFlite("pau pau"));
        Assert.All("abcdefghijklmnopqrstuvwxyz".Select(c => PhoneSet.Letter(c)!), p => Assert.All(p.Split(' '), phone => Assert.True(PhoneSet.IsCmuPhone(phone))));
    }

    [Fact]
    public void Vocabulary_PrefersCompounds_KeepsLetterToSoundAsAVariant_AndSpellsAcronyms()
    {
        var counts = new Dictionary<string, int> { ["chatapi"] = 3, ["pocketsphinx"] = 2, ["grafana"] = 1, ["rag"] = 5, ["the"] = 9, ["voiceworker"] = 1, ["worker"] = 1 };
        var asked = new List<string>();
        var entries = DomainVocabulary.Build(counts, new HashSet<string> { "api", "rag" }, Lexicon, word =>
        {
            asked.Add(word);
            return word switch
            {
                "grafana" => "pau g r ax f aa1 n ax pau",
                "pocketsphinx" => "pau p aa1 k f ih1 ng k s pau",
                "the" => "pau dh iy pau",
                "worker" => "pau w er1 k ax pau",
                _ => null,
            };
        }, maxWords: 100);

        Assert.Contains(new Pronunciation("chatapi", "CH AE T EY P IY AY"), entries);
        Assert.Contains(new Pronunciation("pocketsphinx", "P AA K AH T S F IH NG K S"), entries);
        Assert.Contains(new Pronunciation("pocketsphinx(11)", "P AA K F IH NG K S"), entries);
        Assert.Contains(new Pronunciation("voiceworker", "V OY S W ER K ER"), entries);
        Assert.DoesNotContain(entries, e => e.Word.StartsWith("voiceworker(", StringComparison.Ordinal));
        Assert.Contains(new Pronunciation("grafana", "G R AH F AA N AH"), entries);
        Assert.Contains(new Pronunciation("rag(11)", "AA R EY JH IY"), entries);
        // A dictionary word gets flite's reading only where it is none of the dictionary's own ("the(2) DH IY" is).
        Assert.DoesNotContain(entries, e => e.Word.StartsWith("the", StringComparison.Ordinal));
        Assert.Contains(new Pronunciation("worker(11)", "W ER K AH"), entries);
        Assert.Equal(["the", "chatapi", "pocketsphinx", "grafana", "voiceworker", "worker"], asked);
    }

    [Fact]
    public void Vocabulary_IsBounded()
    {
        var counts = Enumerable.Range(0, 50).ToDictionary(i => "zq" + new string('x', i + 1), _ => 1);
        var entries = DomainVocabulary.Build(counts, new HashSet<string>(), Lexicon, _ => "pau z iy1 pau", maxWords: 7);
        Assert.Equal(7, entries.Count);
    }

    [Fact]
    public void Corpus_SpeaksTheDocuments_AndAsksAboutTheirSubjects()
    {
        var corpus = DomainCorpus.Build(["# The redis breaker: 5 failures\n\nThe `redis` breaker protects the RAG_API. It half-opens after 15 seconds."], 1_000);
        Assert.Contains(corpus.Sentences, s => string.Join(' ', s) == "the redis breaker protects the rag api");
        Assert.Contains(corpus.Sentences, s => string.Join(' ', s) == "what is the redis breaker");
        Assert.Contains("rag", corpus.Acronyms);
        Assert.Equal(2, corpus.WordCounts["redis"]);
        Assert.Equal(5, DomainCorpus.Build(["one two. three four. five six. seven. eight. nine."], 5).Sentences.Count);
    }

    [Fact]
    public void Corpus_AsksAboutEveryNounPhrase_InBothNumbers_WhenTheDictionaryHasTheOtherOne()
    {
        var corpus = DomainCorpus.Build(
            ["The SlowCallThreshold sets the speech worker's limit. Rag returns the best passages. Flite has a voice. The chatapi calls the RAG API."], 1_000, Lexicon.Contains);
        string[] sentences = [.. corpus.Sentences.Select(s => string.Join(' ', s))];

        Assert.Contains("the slow call threshold sets the speech worker's limit", sentences);
        Assert.Contains("what is the slow call threshold", sentences);
        Assert.Contains("the chat api calls the rag api", sentences);
        Assert.Contains("what are the best passages", sentences);
        Assert.Contains("what is the best passage", sentences);
        Assert.Contains("which voices are there", sentences);
        Assert.DoesNotContain("chatapi", corpus.WordCounts.Keys);
        Assert.DoesNotContain(sentences, s => s.Contains("chatapi", StringComparison.Ordinal));
        Assert.Contains("what is the voice", sentences);
        Assert.Equal(1, corpus.WordCounts["voices"]);
        // No other number the dictionary lacks: "thresholds" and "limits" are not in the small test lexicon.
        Assert.DoesNotContain(sentences, s => s.Contains("thresholds", StringComparison.Ordinal));
        Assert.DoesNotContain(sentences, s => s.Contains("limits", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("voice", "voices")]
    [InlineData("passage", "passages")]
    [InlineData("policy", "policies")]
    [InlineData("key", "keys")]
    [InlineData("process", "processes")]
    [InlineData("switch", "switches")]
    public void Nouns_HaveRegularPluralsAndSingulars(string one, string many)
    {
        Assert.Equal(many, DomainCorpus.Plural(one));
        Assert.Equal(one, DomainCorpus.Singular(many));
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("status")]
    [InlineData("access")]
    [InlineData("api")]
    public void Nouns_ThatDoNotLookPlural_HaveNoSingular(string word) => Assert.Null(DomainCorpus.Singular(word));

    [Fact]
    public void ArpaModel_IsNormalised_ForEveryHistory()
    {
        string[][] sentences = [["the", "redis", "breaker", "opens"], ["the", "rag", "breaker", "opens"], ["redis", "is", "down"], ["the", "redis", "is", "down"]];
        var arpa = ArpaModel.Parse(ArpaModelBuilder.Build(sentences));
        var vocabulary = arpa.Unigrams.Keys.Where(w => w != "<s>").ToArray();
        Assert.Equal(1.0, vocabulary.Sum(w => arpa.Probability(["<s>"], w)), 4);
        Assert.Equal(1.0, vocabulary.Sum(w => arpa.Probability(["the"], w)), 4);
        Assert.Equal(1.0, vocabulary.Sum(w => arpa.Probability(["<s>", "the"], w)), 4);
        Assert.Equal(1.0, vocabulary.Sum(w => arpa.Probability(["the", "redis"], w)), 4);
        Assert.Equal(1.0, vocabulary.Sum(w => arpa.Probability(["rag", "is"], w)), 4);
        Assert.True(arpa.Probability(["the"], "redis") > arpa.Probability(["the"], "down"));
    }

    [Fact]
    public void ArpaModel_GivesNothing_AfterAWordItDoesNotKnow()
    {
        // sphinxbase maps a word the model lacks to <UNK>; without it the history is cut and the next word gets its
        // unigram with no back-off penalty, more than after a word the model knows ("boy circuit" beat "voice circuit").
        string[][] sentences = [["the", "voice", "breaker", "opens"], ["the", "voice", "worker", "speaks"], ["the", "circuit", "opens"]];
        var arpa = ArpaModel.Parse(ArpaModelBuilder.Build(sentences));
        Assert.True(arpa.Unigrams.ContainsKey(ArpaModelBuilder.Unknown));
        Assert.True(arpa.Probability([], ArpaModelBuilder.Unknown) < 1e-90);
        Assert.True(arpa.Probability([ArpaModelBuilder.Unknown], "circuit") < 1e-90);
        Assert.True(arpa.Probability(["voice"], "circuit") > 0);
    }

    [Fact]
    public void Builder_CachesByKnowledgeContent_AndKeepsOneBuild()
    {
        var root = Path.Combine(Path.GetTempPath(), $"xnai-domain-test-{Guid.NewGuid():N}");
        var knowledge = Directory.CreateDirectory(Path.Combine(root, "knowledge")).FullName;
        var dictionary = Path.Combine(root, "small.dict");
        File.WriteAllLines(dictionary, ["the DH AH", "breaker B R EY K ER", "opens OW P AH N Z"]);
        File.WriteAllText(Path.Combine(knowledge, "a.md"), "# The redis breaker\n\nThe redis breaker opens.");
        var settings = new DomainModelSettings(knowledge, Path.Combine(root, "cache"), dictionary, "/usr/bin/t2p", 0.5);
        var builder = new DomainModelBuilder(NullLogger<DomainModelBuilder>.Instance, new FakeTimeProvider());
        try
        {
            var first = builder.BuildOrLoad(settings);
            var written = File.GetLastWriteTimeUtc(first.LanguageModel);
            Assert.Contains(File.ReadLines(first.Dictionary), line => line.StartsWith("redis ", StringComparison.Ordinal));
            Assert.Equal(first, builder.BuildOrLoad(settings));
            Assert.Equal(written, File.GetLastWriteTimeUtc(first.LanguageModel));

            File.AppendAllText(Path.Combine(knowledge, "a.md"), "\nGrafana shows it.");
            var second = builder.BuildOrLoad(settings);
            Assert.NotEqual(first.LanguageModel, second.LanguageModel);
            Assert.Contains("grafana", File.ReadAllText(second.LanguageModel), StringComparison.Ordinal);
            Assert.Single(Directory.GetDirectories(settings.CacheDirectory));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>The real engine with the domain model built from the shipped knowledge documents.</summary>
[Trait("Category", "Slow")]
[Collection(SpeechCollection.Name)]
public sealed class DomainRecognitionTests(SpeechEnginesFixture engines)
{
    private static readonly Lazy<PocketSphinxRecognizer> Domain = new(() =>
        new PocketSphinxRecognizer(new SpeechModelPaths("/usr/share/pocketsphinx/model/en-us"), SpokenSetEvaluation.BuildDomainModel(0.5),
            VoiceWorker.VoiceWorkerExtensions.Search(new VoiceWorker.VoiceOptions())));

    [Theory]
    [InlineData("how long does the redis breaker stay open", "redis")]
    [InlineData(Web.BrowserAppFixture.SpokenQuestion, "voice")]
    public async Task ProductQuestion_IsHeardWithItsSubject(string question, string subject)
    {
        var wav = await engines.SpeakAsync(question);
        var pcm = AudioConverter.ToMono16Khz(WavReader.Read(wav, TimeSpan.FromMinutes(1)));
        var heard = Domain.Value.Recognize(pcm);
        Assert.Contains(subject, WordErrorRate.Words(heard));
    }

    /// <summary>
    /// The whole-app tests' own spoken questions (ChatResilienceTests, ChatPageTests, ChaosSuiteTests speak them through
    /// /api/tts: flite, the default voice kal16), decoded by a recogniser made the way the worker makes its pool's:
    /// every word is heard, and the general model alone hears them too (the domain model must not lose a word).
    /// </summary>
    [Theory]
    [InlineData(Web.BrowserAppFixture.SpokenQuestion)]
    [InlineData("how do the circuit breakers recover")]
    public async Task WholeAppSpokenQuestions_AreHeardWordForWord_ByTheGeneralAndTheDomainModel(string question)
    {
        var options = new VoiceWorker.VoiceOptions();
        var model = new SpeechModelPaths(options.ModelDirectory);
        var domain = SpokenSetEvaluation.BuildDomainModel(options.DomainModelWeight);
        var wav = await engines.Synthesizer.TrySynthesizeAsync(question, options.DefaultVoice, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(wav);
        var pcm = AudioConverter.ToMono16Khz(WavReader.Read(wav, TimeSpan.FromMinutes(1)));
        using var general = VoiceWorker.VoiceWorkerExtensions.CreateRecognizer(model);
        using var combined = VoiceWorker.VoiceWorkerExtensions.CreateRecognizer(model, domain, VoiceWorker.VoiceWorkerExtensions.Search(options));
        Assert.Equal(question, general.Recognize(pcm));
        Assert.Equal(question, combined.Recognize(pcm));
    }

    /// <summary>
    /// The decoder settings the worker passes: the combined model gets the configured language weight (its probabilities
    /// are the general model's plus w times the domain model's), the general model alone keeps pocketsphinx's own.
    /// </summary>
    [Fact]
    public void DecoderSettings_GiveTheLanguageWeight_ToTheCombinedModelOnly()
    {
        var options = new VoiceWorker.VoiceOptions { LanguageWeight = 5.5, MaxHmmsPerFrame = 3_000, SecondPass = false };

        Assert.Equal(["-maxhmmpf", "3000", "-fwdflat", "no", "-lw", "5.5", "-wip", "0.65"], VoiceWorker.VoiceWorkerExtensions.Search(options).Arguments);
        Assert.Equal(["-maxhmmpf", "3000", "-fwdflat", "no", "-lw", "6.5", "-wip", "0.65"], VoiceWorker.VoiceWorkerExtensions.Search(options, domainModel: false).Arguments);
    }
}

/// <summary>A small ARPA reader for the tests: probabilities with back-off.</summary>
internal sealed class ArpaModel
{
    public Dictionary<string, (double P, double Bow)> Unigrams { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (double P, double Bow)> Higher { get; } = new(StringComparer.Ordinal);

    public static ArpaModel Parse(string text)
    {
        var model = new ArpaModel();
        var order = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('\\'))
            {
                order = line.Length > 1 && char.IsAsciiDigit(line[1]) ? line[1] - '0' : 0;
                continue;
            }

            var fields = line.Split('\t');
            if (order == 0 || fields.Length < 2)
            {
                continue;
            }

            var p = Math.Pow(10, double.Parse(fields[0], CultureInfo.InvariantCulture));
            var bow = fields.Length > 2 ? Math.Pow(10, double.Parse(fields[2], CultureInfo.InvariantCulture)) : 1;
            (order == 1 ? model.Unigrams : model.Higher)[fields[1]] = (p, bow);
        }

        return model;
    }

    public double Probability(string[] history, string word)
    {
        if (history.Length == 0)
        {
            return Unigrams[word].P;
        }

        var key = string.Join(' ', history.Append(word));
        if (Higher.TryGetValue(key, out var seen))
        {
            return seen.P;
        }

        var h = string.Join(' ', history);
        var bow = history.Length == 1 ? (Unigrams.TryGetValue(h, out var u) ? u.Bow : 1) : (Higher.TryGetValue(h, out var b) ? b.Bow : 1);
        return bow * Probability(history[1..], word);
    }
}
