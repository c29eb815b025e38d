using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Xnai.RagStub.Search;
using Xnai.Tests.Rag.Answers;

namespace Xnai.Benchmarks.Rag;

/// <summary>
/// The composer alone (no ranking), today's (<see cref="ExtractiveComposer"/>) against issue 28's
/// (<see cref="AnswerComposer"/>), over the BM25 rankings of the answer dev set's 64 questions computed once in setup:
/// where <see cref="AnswerComposerBenchmarks"/> times the whole <c>/api/query</c> path, this shows what composing
/// itself costs. <see cref="Candidates"/> 12 is the keyword path's ranking (top K × 4), 40 about the hybrid path's
/// fused one (20 from each ranking). One operation composes all 64 answers.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class ComposeOnlyBenchmarks
{
    private KnowledgeIndex _index = null!;
    private IAnswerComposer _composer = null!;
    private (string Question, IReadOnlyList<string> Terms, IReadOnlyList<SearchHit> Ranked)[] _queries = [];

    [Params(AnswerComposerBenchmarks.Today, AnswerComposerBenchmarks.New)]
    public string Composer { get; set; } = AnswerComposerBenchmarks.New;

    [Params(12, 40)]
    public int Candidates { get; set; } = 12;

    [GlobalSetup]
    public void Setup()
    {
        _index = RetrievalCorpus.Load(RetrievalCorpus.Shipped);
        _composer = AnswerComposerBenchmarks.CreateComposer(Composer, _index);
        _queries = [.. AnswerDevSet.Cases
            .Select(c => (c.Question, Terms: _index.QueryTerms(c.Question)))
            .Select(q => (q.Question, q.Terms, Ranked: _index.Search(q.Terms, Candidates)))
            .Where(q => q.Ranked.Count > 0)];
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public int ComposeAll()
    {
        var length = 0;
        foreach (var (question, terms, ranked) in _queries)
        {
            length += _composer.Compose(question, terms, ranked, 3).Answer.Length;
        }

        return length;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithWarmupCount(5).WithIterationCount(15));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95);
        }
    }
}
