using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xnai.RagStub.Answers;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;

namespace Xnai.Tests.Rag;

/// <summary>
/// The shipped knowledge base with its passage vectors, built once per model and test run through the disk cache
/// (under the test output's <c>.xnai/embeddings</c>), so repeated runs encode nothing.
/// </summary>
public sealed class SemanticKnowledgeFixture : IDisposable
{
    private readonly Dictionary<string, (SentenceEmbedder Embedder, SemanticIndex Index)> _models = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SemanticKnowledgeFixture()
    {
        Index = KnowledgeIndex.Load(KnowledgeOptions.ShippedPath);
        Retriever = new KnowledgeRetriever(Index, new AnswerComposer(Index));
    }

    public static string CacheFolder { get; } = Path.Combine(AppContext.BaseDirectory, ".xnai", "embeddings");

    public KnowledgeIndex Index { get; }

    public KnowledgeRetriever Retriever { get; }

    /// <summary>The embedder and ready vectors of <paramref name="model"/>; built (or read from the cache) on first use.</summary>
    public (SentenceEmbedder Embedder, SemanticIndex Index) Model(string model)
    {
        lock (_gate)
        {
            if (!_models.TryGetValue(model, out var built))
            {
                var options = Options.Create(new SemanticOptions { Model = model, IntraOpThreads = 1, MaxConcurrentEncodings = 1 });
                var embedder = new SentenceEmbedder(options);
                var semantic = new SemanticIndex();
                var builder = new SemanticIndexBuilder(Index, embedder, semantic, new SemanticCacheLocation(CacheFolder), options,
                    TimeProvider.System, NullLogger<SemanticIndexBuilder>.Instance);
                builder.BuildAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
                built = (embedder, semantic);
                _models[model] = built;
            }

            return built;
        }
    }

    /// <summary>
    /// Dense-only ranking of <paramref name="question"/>: ordinals of the top passages, best first, optionally with
    /// <paramref name="documentContext"/> as the hybrid retriever's dense side uses it.
    /// </summary>
    public IReadOnlyList<int> DenseOrdinals(string model, string question, int topN, float documentContext = 0)
    {
        var (embedder, semantic) = Model(model);
        var vector = embedder.EncodeAsync([question], asQueries: true, CancellationToken.None).GetAwaiter().GetResult()[0];
        return [.. semantic.Vectors!.Search(vector, topN, documentContext).Hits.Select(h => h.Ordinal)];
    }

    public void Dispose()
    {
        foreach (var (embedder, _) in _models.Values)
        {
            embedder.Dispose();
        }

        Index.Dispose();
    }
}
