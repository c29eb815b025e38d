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
        var services = new ServiceCollection();
        // A loaded, shared machine must not trip the deadline or the slow-call rule mid-run: this measures the work.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SemanticOptions.SectionName}:QueryDeadline"] = "00:00:10",
            [$"Xnai:Breakers:{SemanticOptions.BreakerName}:SlowCallRatio"] = "0",
        }).Build());
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Benchmark" });
        services.AddSingleton(_index);
        services.AddSingleton(_keyword);
        services.AddSemanticTier();
        _services = services.BuildServiceProvider();
        _hybrid = _services.GetRequiredService<HybridRetriever>();

        var semantic = _services.GetRequiredService<SemanticIndex>();
        if (Corpus == RetrievalCorpus.Shipped)
        {
            foreach (var hosted in _services.GetServices<IHostedService>())
            {
                hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            SpinWait.SpinUntil(() => semantic.State == SemanticTierState.Ready, TimeSpan.FromMinutes(5));
        }
        else
        {
            semantic.Publish(RandomVectors(_index.PassageCount, 384), 0, 0);
            _hybrid.AskAsync("warm-up", 3, CancellationToken.None).GetAwaiter().GetResult();
        }

        if (semantic.State != SemanticTierState.Ready)
        {
            throw new InvalidOperationException("The semantic tier did not become ready.");
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
