using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Xnai.RagStub.Answers;
using Xnai.RagStub.Search;

namespace Xnai.Benchmarks.Rag;

/// <summary>
/// Latency of one query (rank, check relevance, compose the extractive answer), one query per measured
/// iteration so the P50 and P99 columns are per query, on one thread. The questions rotate through a mix.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class RetrievalLatencyBenchmarks
{
    private KnowledgeIndex _index = null!;
    private KnowledgeRetriever _retriever = null!;
    private int _next;

    [Params(RetrievalCorpus.Shipped, RetrievalCorpus.Synthetic)]
    public string Corpus { get; set; } = RetrievalCorpus.Shipped;

    [GlobalSetup]
    public void Setup()
    {
        _index = RetrievalCorpus.Load(Corpus);
        _retriever = new KnowledgeRetriever(_index, new AnswerComposer(_index));
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public RetrievalResult Query() => _retriever.Ask(RetrievalCorpus.Questions[_next++ % RetrievalCorpus.Questions.Length], 3);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // One invocation per iteration: each measurement is a single query, so percentiles are per query.
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithInvocationCount(1).WithUnrollFactor(1)
                .WithWarmupCount(200).WithIterationCount(3000)
                .WithGcForce(false));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.OperationsPerSecond);
        }
    }
}
