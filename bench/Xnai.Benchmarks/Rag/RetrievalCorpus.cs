using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;

namespace Xnai.Benchmarks.Rag;

/// <summary>The corpora the retrieval benchmarks query: the shipped knowledge base and a synthetic 10,000-passage one.</summary>
internal static class RetrievalCorpus
{
    public const string Shipped = "shipped";
    public const string Synthetic = "synthetic-10k";
    public const int SyntheticPassages = 10_000;

    /// <summary>Questions users ask, a mix of matches, partial matches and one no-match.</summary>
    public static readonly string[] Questions =
    [
        "How many failures in a row open the RAG breaker, and how long does it stay open?",
        "Why is the Redis break duration only 15 seconds?",
        "Why does the voice breaker trip after just two failures?",
        "A dependency fails every other request; why doesn't the consecutive failure rule catch it?",
        "What happens in the half-open state and how many probe calls are sent?",
        "What message do users see when the knowledge base is unavailable?",
        "The rag_api circuit is open, what should the on-call engineer do?",
        "What does the value 3 of circuit_breaker_state mean?",
        "Which header carries the admin key, and what if no key is configured?",
        "What is the maximum length and size of a WAV for speech recognition?",
        "How do I inject 50 percent errors or latency with the chaos controls?",
        "How do I bake a chocolate cake?",
    ];

    public static KnowledgeIndex Load(string corpus) => corpus switch
    {
        Shipped => KnowledgeIndex.Load(KnowledgeOptions.ShippedPath),
        Synthetic => KnowledgeIndex.Build(SyntheticDocuments(), "synthetic"),
        _ => throw new ArgumentOutOfRangeException(nameof(corpus), corpus, null),
    };

    // Passages of 40..120 words drawn (skewed towards frequent words, as in real text) from the shipped
    // vocabulary, so the questions match thousands of passages: a hard case for ranking, not an easy one.
    private static List<KnowledgeDocument> SyntheticDocuments()
    {
        var vocabulary = KnowledgeLoader.Load(KnowledgeOptions.ShippedPath)
            .SelectMany(d => d.Passages)
            .SelectMany(p => p.Text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.Trim('.', ',', ':', ';', '(', ')', '`', '"'))
            .Where(w => w.Length > 1)
            .GroupBy(w => w.ToLowerInvariant())
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .ToArray();
        var random = new Random(42);
        string Word() => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 2.5))];

        var documents = new List<KnowledgeDocument>();
        for (var d = 0; d < SyntheticPassages / 10; d++)
        {
            var id = $"synthetic-{d:D4}.md";
            var title = $"Synthetic {Word()} {Word()} {Word()}";
            var passages = Enumerable.Range(0, 10).Select(p =>
            {
                var sentences = Enumerable.Range(0, random.Next(4, 10))
                    .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(8, 14)).Select(_ => Word())) + ".");
                return new Passage(id, title, $"Section {Word()} {p}", string.Join(' ', sentences));
            }).ToList();
            documents.Add(new KnowledgeDocument(id, title, passages));
        }

        return documents;
    }
}
