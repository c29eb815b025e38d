using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Xnai.RagStub.Answers;
using Xnai.RagStub;
using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;

namespace Xnai.Benchmarks.Rag;

/// <summary>
/// One query, keyword-only (baseline) against hybrid (query encoding with all-MiniLM-L6-v2 through the tier's breaker
/// and deadline, dense search, fusion, answer), one query per iteration so P50/P95/P99 are per query. Shipped corpus:
/// the real passage vectors (from the disk cache, computed once). Synthetic 10k corpus: seeded random unit vectors, since
/// encoding 10,000 passages would take about 15 minutes here and brute-force search costs the same whatever the values.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class HybridRetrievalBenchmarks
{
    private KnowledgeIndex _index = null!;
    private ServiceProvider _services = null!;
    private HybridRetriever _hybrid = null!;
    private KnowledgeRetriever _keyword = null!;
    private int _next;

    [Params(RetrievalCorpus.Shipped, RetrievalCorpus.Synthetic)]
    public string Corpus { get; set; } = RetrievalCorpus.Shipped;

    [GlobalSetup]
    public void Setup()
    {
        _index = RetrievalCorpus.Load(Corpus);
        _keyword = new KnowledgeRetriever(_index, new AnswerComposer(_index));
        _services = SemanticTierHost.Build(_index, _keyword);
        _hybrid = _services.GetRequiredService<HybridRetriever>();
        if (Corpus == RetrievalCorpus.Shipped)
        {
            SemanticTierHost.StartAndWaitUntilReady(_services);
        }
        else
        {
            _services.GetRequiredService<SemanticIndex>().Publish(RandomVectors(_index.PassageCount, 384), 0, 0);
            _hybrid.AskAsync("warm-up", 3, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _index.Dispose();
    }

    [Benchmark(Baseline = true)]
    public RetrievalResult Keyword() => _keyword.Ask(RetrievalCorpus.Questions[_next++ % RetrievalCorpus.Questions.Length], 3);

    [Benchmark]
    public RetrievalResult Hybrid()
    {
        var result = _hybrid.AskAsync(RetrievalCorpus.Questions[_next++ % RetrievalCorpus.Questions.Length], 3, CancellationToken.None).GetAwaiter().GetResult();
        return result.Retrieval == RetrievalMode.Hybrid ? result : throw new InvalidOperationException("The query fell back to keyword-only.");
    }

    private static DenseVectors RandomVectors(int count, int dimensions)
    {
        var random = new Random(7);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                vectors[i][d] = (float)((random.NextDouble() * 2) - 1);
            }

            var norm = MathF.Sqrt(vectors[i].Sum(v => v * v));
            for (var d = 0; d < dimensions; d++)
            {
                vectors[i][d] /= norm;
            }
        }

        return new DenseVectors(vectors);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // The short job's single launch and few warm-ups, but one query per iteration so percentiles are per query.
            AddJob(Job.ShortRun
                .WithStrategy(RunStrategy.Monitoring)
                .WithInvocationCount(1).WithUnrollFactor(1)
                .WithWarmupCount(30).WithIterationCount(400)
                .WithGcForce(false));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99));
        }
    }
}
