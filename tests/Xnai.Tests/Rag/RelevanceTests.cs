using Xunit.Abstractions;

namespace Xnai.Tests.Rag;

/// <summary>
/// Labelled questions, phrased as users ask them rather than copied from titles, against the shipped knowledge base.
/// Bar: the expected document is in the top 3 sources for at least 90 % and first for at least 75 %.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RelevanceTests(ShippedKnowledgeFixture knowledge, ITestOutputHelper output) : IClassFixture<ShippedKnowledgeFixture>
{
    public static readonly (string Question, string Document)[] LabelledSet =
    [
        ("How many failures in a row open the RAG breaker, and how long does it stay open?", "breaker-rag-api.md"),
        ("Why does the knowledge base breaker wait 30 seconds before probing?", "breaker-rag-api.md"),
        ("How many Redis errors before its circuit opens?", "breaker-redis.md"),
        ("Why is the Redis break duration only 15 seconds?", "breaker-redis.md"),
        ("Why does the voice breaker trip after just two failures?", "breaker-voice-processing.md"),
        ("Why is the voice break 45 seconds, longer than the others?", "breaker-voice-processing.md"),
        ("A dependency fails every other request; why doesn't the consecutive failure rule catch it?", "error-rate-rule.md"),
        ("What is the minimum throughput for the 50 percent error rate window?", "error-rate-rule.md"),
        ("What happens in the half-open state and how many probe calls are sent?", "half-open-probes.md"),
        ("Can the break duration grow with a multiplier after repeated trips?", "half-open-probes.md"),
        ("What are the closed, open, isolated and disabled states of a breaker?", "circuit-breakers-explained.md"),
        ("Does a 4xx response count as a failure for the breaker?", "circuit-breakers-explained.md"),
        ("What message do users see when the knowledge base is unavailable?", "fallback-knowledge-base.md"),
        ("Are conversation turns lost while Redis is down?", "fallback-session-store.md"),
        ("What does voice chat return when the transcription fails?", "fallback-voice.md"),
        ("The rag_api circuit is open, what should the on-call engineer do?", "runbook-rag-outage.md"),
        ("Redis outage runbook: how do I check the buffered turns were written?", "runbook-redis-outage.md"),
        ("Steps when rag, cache and voice are all down at the same time", "runbook-all-dependencies-down.md"),
        ("A breaker keeps flapping open and closed, what can cause it?", "runbook-breaker-flapping.md"),
        ("What does the value 3 of circuit_breaker_state mean?", "metrics-circuit-breaker-state.md"),
        ("What is counted by circuit_breaker_rejections_total?", "metrics-failures-recoveries-rejections.md"),
        ("Which Prometheus alerts are shipped and how are they tested with promtool?", "alerts.md"),
        ("Which panels does the Grafana dashboard have?", "grafana-dashboard.md"),
        ("What fields are in the /api/chat response, like degradedServices?", "api-chat.md"),
        ("How do I fetch the stored turns of a session?", "api-sessions.md"),
        ("Why does /health return 200 when chatapi is degraded?", "api-health.md"),
        ("How do I isolate or reset a circuit through the API?", "api-circuits.md"),
        ("Which header carries the admin key, and what if no key is configured?", "admin-key.md"),
        ("What sample rate and format does flite produce?", "voice-text-to-speech.md"),
        ("What is the maximum length and size of a WAV for speech recognition?", "voice-speech-to-text.md"),
        ("How do I export the Aspire manifest for azd?", "deployment-manifest-export.md"),
        ("Can Redis run without Docker, as a redis-server process?", "deployment-redis-modes.md"),
        ("How do I point the knowledge base at my own folder of documents?", "knowledge-base-service.md"),
        ("How do I inject 50 percent errors or latency with the chaos controls?", "chaos-fault-injection.md"),
        ("What does a 429 from the chat endpoint mean?", "rate-limiting.md"),
        ("How does the load tool compare breakers enabled and disabled?", "load-testing.md"),
    ];

    [Fact]
    public void LabelledSet_ExpectedDocumentRanksHigh()
    {
        int top1 = 0, top3 = 0;
        foreach (var (question, document) in LabelledSet)
        {
            var sources = knowledge.Retriever.Ask(question, 3).Sources.Select(s => s.Passage.DocumentId).ToList();
            var rank = sources.IndexOf(document) + 1;
            top1 += rank == 1 ? 1 : 0;
            top3 += rank is >= 1 and <= 3 ? 1 : 0;
            if (rank != 1)
            {
                output.WriteLine($"rank {(rank == 0 ? "-" : rank.ToString())}: {question} → expected {document}, got [{string.Join(", ", sources)}]");
            }
        }

        var n = LabelledSet.Length;
        output.WriteLine($"Relevance over {n} labelled questions: top-1 {top1}/{n} ({100.0 * top1 / n:F1} %), top-3 {top3}/{n} ({100.0 * top3 / n:F1} %)");
        Assert.True(n >= 25);
        Assert.True(top3 >= 0.90 * n, $"top-3 {top3}/{n} is below 90 %");
        Assert.True(top1 >= 0.75 * n, $"top-1 {top1}/{n} is below 75 %");
    }

    // Every relevance set, so a mistyped label cannot pass as a miss and no question is counted in two sets.
    [Fact]
    public void EveryRelevanceSet_LabelsShippedDocuments_NoQuestionTwice()
    {
        var shipped = Directory.EnumerateFiles(Xnai.RagStub.Knowledge.KnowledgeOptions.ShippedPath).Select(Path.GetFileName).ToHashSet();
        (string Question, string Document)[][] sets =
        [
            LabelledSet, RelevanceDevSet.Paraphrases, ParaphraseSet.Questions, HeldOutSet.Questions,
            SecondHeldOutSet.Questions, ThirdHeldOutSet.Questions,
        ];
        Assert.All(sets.SelectMany(set => set), item => Assert.Contains(item.Document, shipped));
        var repeated = sets.SelectMany(set => set).GroupBy(item => item.Question, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(repeated);
        Assert.True(shipped.Count >= 30, $"the knowledge base has {shipped.Count} documents, fewer than 30");
    }
}
