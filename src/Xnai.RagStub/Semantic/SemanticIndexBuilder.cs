using Microsoft.Extensions.Options;
using Xnai.RagStub.Search;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// Builds the passage vectors in the background after start: reuses every vector in the disk cache, computes only the
/// missing ones in small batches on the bounded worker, saves the cache, then publishes. Start-up never waits for it;
/// until it publishes, queries are keyword-only and say so. A failed build is retried after <see cref="RetryDelay"/>.
/// </summary>
internal sealed partial class SemanticIndexBuilder(
    KnowledgeIndex knowledge,
    SentenceEmbedder embedder,
    SemanticIndex semantic,
    SemanticCacheLocation location,
    IOptions<SemanticOptions> options,
    TimeProvider timeProvider,
    ILogger<SemanticIndexBuilder> logger) : BackgroundService
{
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            semantic.MarkDisabled();
            return;
        }

        // Leave the host's start path at once: loading a model and encoding is seconds of CPU.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BuildAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                semantic.MarkFailed();
                LogBuildFailed(logger, ex, RetryDelay.TotalSeconds);
                await Task.Delay(RetryDelay, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    internal async Task BuildAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var cache = new PassageVectorCache(location.Folder, embedder.CacheId);
        var texts = knowledge.Passages.Select(KnowledgeIndex.IndexedBody).ToArray();
        var keys = texts.Select(cache.KeyOf).ToArray();
        var cached = cache.Load();
        var vectors = new float[texts.Length][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Length; i++)
        {
            if (cached.TryGetValue(keys[i], out var vector))
            {
                vectors[i] = vector;
            }
            else
            {
                missing.Add(i);
            }
        }

        var batchSize = options.Value.IngestionBatchSize;
        foreach (var batch in missing.Chunk(batchSize))
        {
            var encoded = await embedder.EncodeAsync([.. batch.Select(i => texts[i])], asQueries: false, cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = encoded[j];
            }
        }

        if (missing.Count > 0 || cached.Count != texts.Length)
        {
            // Keys of passages that no longer exist are dropped here, so the file never outgrows the corpus.
            var current = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                current.TryAdd(keys[i], vectors[i]);
            }

            cache.Save([.. current]);
        }

        // Load the model before publishing even when every vector was cached: the first hybrid query must not pay for it.
        await embedder.EncodeAsync(["warm-up"], asQueries: true, cancellationToken).ConfigureAwait(false);

        semantic.Publish(new DenseVectors(vectors, DocumentNumbers(knowledge.Passages)), missing.Count, texts.Length - missing.Count);
        LogBuilt(logger, texts.Length, missing.Count, texts.Length - missing.Count, embedder.ModelId, timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    // Passages of one document share a number (in order of first appearance), so the vectors know their documents.
    internal static int[] DocumentNumbers(IReadOnlyList<Knowledge.Passage> passages)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. passages.Select(p => numbers.TryGetValue(p.DocumentId, out var n) ? n : numbers[p.DocumentId] = numbers.Count)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Semantic tier ready: {Passages} passage vectors ({Computed} computed, {Reused} from the cache) with {Model} in {ElapsedMs:F0} ms")]
    private static partial void LogBuilt(ILogger logger, int passages, int computed, int reused, string model, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Building the passage vectors failed; answering with BM25 alone and retrying in {RetrySeconds} s")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, double retrySeconds);
}
