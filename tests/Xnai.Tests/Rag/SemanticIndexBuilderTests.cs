using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xnai.RagStub.Health;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;

namespace Xnai.Tests.Rag;

/// <summary>
/// Vectors are an ingestion artefact: a cold start answers keyword-only until the background build publishes, a
/// restart reuses every cached vector, and an edited passage is the only one encoded again. Each test works on a
/// copy of the shared cache, so the corpus is never re-encoded.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SemanticIndexBuilderTests(SemanticKnowledgeFixture knowledge) : IClassFixture<SemanticKnowledgeFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("xnai-vectors-").FullName;

    [Fact]
    public async Task ColdStart_AnswersKeywordOnlyBeforeVectorsAreReady_HybridAfter()
    {
        CopySharedCache();
        using var services = SemanticHost.Create(knowledge, TimeProvider.System, cacheFolder: _folder);
        var hybrid = services.GetRequiredService<HybridRetriever>();
        var health = services.GetRequiredService<HealthCheckService>();

        var before = await hybrid.AskAsync("How many failures open the RAG breaker?", 3, CancellationToken.None);
        Assert.Equal(RetrievalMode.Keyword, before.Retrieval);
        Assert.True(before.SemanticFallback);
        Assert.Equal("breaker-rag-api.md", before.Sources[0].Passage.DocumentId);
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(c => c.Name == SemanticTierHealthCheck.Name)).Status);

        var builder = services.GetServices<IHostedService>().OfType<SemanticIndexBuilder>().Single();
        await builder.StartAsync(CancellationToken.None);
        await builder.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(2));

        var after = await hybrid.AskAsync("How many failures open the RAG breaker?", 3, CancellationToken.None);
        Assert.Equal(RetrievalMode.Hybrid, after.Retrieval);
        Assert.False(after.SemanticFallback);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(c => c.Name == SemanticTierHealthCheck.Name)).Status);
        await builder.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Restart_ReusesEveryCachedVector_ComputesNone()
    {
        CopySharedCache();
        var semantic = await BuildAsync(knowledge.Index);

        Assert.Equal(0, semantic.Computed);
        Assert.Equal(knowledge.Index.PassageCount, semantic.Reused);
        Assert.Equal(SemanticTierState.Ready, semantic.State);
    }

    [Fact]
    public async Task ChangedPassage_IsTheOnlyOneRecomputed_AndTheCacheKeepsOnlyCurrentPassages()
    {
        CopySharedCache();
        var documents = KnowledgeLoader.Load(KnowledgeOptions.ShippedPath).ToList();
        var edited = documents[0].Passages[0] with { Text = documents[0].Passages[0].Text + " Edited for the cache test." };
        documents[0] = documents[0] with { Passages = [edited, .. documents[0].Passages.Skip(1)] };
        using var index = KnowledgeIndex.Build(documents, "edited copy");

        var semantic = await BuildAsync(index);
        Assert.Equal(1, semantic.Computed);
        Assert.Equal(index.PassageCount - 1, semantic.Reused);

        var again = await BuildAsync(index);
        Assert.Equal(0, again.Computed);
        var cache = new PassageVectorCache(_folder, knowledge.Model(EmbeddingModels.MiniLm).Embedder.CacheId);
        Assert.Equal(index.Passages.Select(KnowledgeIndex.IndexedBody).Distinct().Count(), cache.Load().Count);
    }

    [Fact]
    public async Task StopDuringColdBuild_DisposeWaitsForTheRunningEncoding_ThenRefusesNewOnes()
    {
        // A cold cache, so the builder is encoding when the host stops: the caller stops waiting at once, but the
        // encoding keeps running in ONNX, and freeing the session under it would crash the process.
        var options = Options.Create(new SemanticOptions { Model = EmbeddingModels.MiniLm, IngestionBatchSize = 16 });
        var embedder = new SentenceEmbedder(options);
        var builder = new SemanticIndexBuilder(knowledge.Index, embedder, new SemanticIndex(), new SemanticCacheLocation(_folder),
            options, TimeProvider.System, NullLogger<SemanticIndexBuilder>.Instance);
        await builder.StartAsync(CancellationToken.None);
        using (var waiting = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (embedder.RunningEncodings == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, waiting.Token);
            }
        }

        await builder.StopAsync(CancellationToken.None);
        embedder.Dispose();

        Assert.Equal(0, embedder.RunningEncodings);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => embedder.EncodeAsync(["after stop"], asQueries: true, CancellationToken.None));
        builder.Dispose();
    }

    [Fact]
    public void Cache_DamagedFile_IsIgnoredNotTrusted()
    {
        var cache = new PassageVectorCache(_folder, "minilm@test");
        File.WriteAllBytes(cache.FilePath, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        Assert.Empty(cache.Load());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<SemanticIndex> BuildAsync(KnowledgeIndex index)
    {
        var options = Options.Create(new SemanticOptions { Model = EmbeddingModels.MiniLm });
        var semantic = new SemanticIndex();
        var builder = new SemanticIndexBuilder(index, knowledge.Model(EmbeddingModels.MiniLm).Embedder, semantic,
            new SemanticCacheLocation(_folder), options, TimeProvider.System, NullLogger<SemanticIndexBuilder>.Instance);
        await builder.BuildAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        return semantic;
    }

    private void CopySharedCache()
    {
        var shared = new PassageVectorCache(SemanticKnowledgeFixture.CacheFolder, knowledge.Model(EmbeddingModels.MiniLm).Embedder.CacheId);
        File.Copy(shared.FilePath, Path.Combine(_folder, Path.GetFileName(shared.FilePath)), overwrite: true);
    }
}
