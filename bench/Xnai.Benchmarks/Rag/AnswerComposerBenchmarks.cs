using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Xnai.RagStub;
using Xnai.RagStub.Answers;
using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;
using Xnai.Tests.Rag.Answers;

namespace Xnai.Benchmarks.Rag;

/// <summary>
/// The <c>/api/query</c> path (rank, compose) with today's composer (<see cref="ExtractiveComposer"/>) against the
/// issue 28 composer (<see cref="AnswerComposer"/>), in one run, over the shipped knowledge and the answer dev set's
/// questions (rotating), keyword-only and hybrid (all-MiniLM-L6-v2, passage vectors from the disk cache). One query per
/// iteration so P50/P99 are per query.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class AnswerComposerBenchmarks
{
    public const string Today = "today";
    public const string New = "new";

    private static readonly string[] Questions = [.. AnswerDevSet.Cases.Select(c => c.Question)];

    private KnowledgeIndex _index = null!;
    private ServiceProvider _services = null!;
    private KnowledgeRetriever _keyword = null!;
    private HybridRetriever _hybrid = null!;
    private int _next;

    [Params(Today, New)]
    public string Composer { get; set; } = New;

    [GlobalSetup]
    public void Setup()
    {
        _index = RetrievalCorpus.Load(RetrievalCorpus.Shipped);
        _keyword = new KnowledgeRetriever(_index, CreateComposer(Composer, _index));
        _services = SemanticTierHost.Build(_index, _keyword);
        _hybrid = new HybridRetriever(_keyword, _services.GetRequiredService<SemanticSearch>(), _services.GetRequiredService<IOptions<SemanticOptions>>());
        SemanticTierHost.StartAndWaitUntilReady(_services);
    }

    /// <summary>The composer a benchmark's <c>Composer</c> parameter names: <see cref="Today"/> or <see cref="New"/>.</summary>
    internal static IAnswerComposer CreateComposer(string name, KnowledgeIndex index) =>
        name == Today ? new ExtractiveComposer(index) : new AnswerComposer(index);

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _index.Dispose();
    }

    [Benchmark]
    public RetrievalResult Keyword() => _keyword.Ask(Questions[_next++ % Questions.Length], 3);

    [Benchmark]
    public RetrievalResult Hybrid()
    {
        var result = _hybrid.AskAsync(Questions[_next++ % Questions.Length], 3, CancellationToken.None).GetAwaiter().GetResult();
        return result.Retrieval == RetrievalMode.Hybrid ? result : throw new InvalidOperationException("The query fell back to keyword-only.");
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Short job (one launch, few warm-ups; the cores are shared), one query per iteration: 10 passes over the 64 questions.
            AddJob(Job.ShortRun
                .WithStrategy(RunStrategy.Monitoring)
                .WithInvocationCount(1).WithUnrollFactor(1)
                .WithWarmupCount(64).WithIterationCount(640)
                .WithGcForce(false));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99));
        }
    }
}
