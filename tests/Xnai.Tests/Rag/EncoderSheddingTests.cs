using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;
using Xnai.Resilience;

namespace Xnai.Tests.Rag;

/// <summary>
/// The semantic tier's real composition (breaker, 500 ms deadline, slow-call rule) over an in-process fake model session
/// and a <see cref="FakeTimeProvider"/>: a busy encoder sheds queries (keyword-only, counted, breaker closed); a failing
/// or hung model still opens the breaker.
/// </summary>
public sealed class EncoderSheddingTests(SemanticKnowledgeFixture knowledge) : IClassFixture<SemanticKnowledgeFixture>, IDisposable
{
    private const string Question = "How many failures open the RAG breaker?";
    private static readonly TimeSpan Deadline = new SemanticOptions().QueryDeadline;
    private readonly FakeTimeProvider _time = new();
    private SentenceEmbedder? _embedder;
    private ServiceProvider? _services;

    [Fact]
    public async Task Encoder_Saturated_ShedsKeywordOnlyCountedAndTheBreakerStaysClosed()
    {
        var (hybrid, model, breaker) = Start();
        model.Cost = TimeSpan.FromMilliseconds(200);
        using var shed = new MetricCollector<long>(_services!.GetRequiredService<IMeterFactory>(), SemanticMetrics.MeterName, SemanticMetrics.Instruments.Shed);
        Assert.Equal(RetrievalMode.Hybrid, (await hybrid.AskAsync(Question, 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Retrieval);

        // One call is running and each takes 200 ms: a new query would wait for it and then its own call, 400 ms. That is
        // within the 500 ms deadline but past the breaker's 250 ms slow-call threshold: such a query would be counted
        // slow (queueing, not a slow model) and under load open the breaker for everyone, so it is shed.
        model.Hold();
        var running = hybrid.AskAsync(Question, 3, CancellationToken.None);
        await model.EnteredAsync();
        await model.EnteredAsync();
        for (var i = 0; i < 10; i++)
        {
            var result = await hybrid.AskAsync(Question, 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(RetrievalMode.Keyword, result.Retrieval);
            Assert.Equal(SemanticTierBusyException.Reason, result.RetrievalReason);
            Assert.True(result.Matched);
        }

        Assert.Equal(10, shed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(CircuitState.Closed, breaker.GetSnapshot().State);
        Assert.Equal(0, breaker.GetSnapshot().FailCount);

        model.Release();
        Assert.Equal(RetrievalMode.Hybrid, (await running.WaitAsync(TimeSpan.FromSeconds(30))).Retrieval);
        Assert.Equal(CircuitState.Closed, breaker.GetSnapshot().State);
    }

    [Fact]
    public async Task Encoder_DeadlinePassesWhileQueriesWaitForTheirTurn_ThoseAreShedNotCountedAsFailures()
    {
        // One query per call, each call 225 ms: under the 250 ms slow-call threshold, so the model is healthy.
        var (hybrid, model, breaker) = Start(maxBatchSize: 1);
        model.Cost = TimeSpan.Zero;
        using var shed = new MetricCollector<long>(_services!.GetRequiredService<IMeterFactory>(), SemanticMetrics.MeterName, SemanticMetrics.Instruments.Shed);
        Assert.Equal(RetrievalMode.Hybrid, (await hybrid.AskAsync(Question, 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Retrieval);
        await model.EnteredAsync();

        // Four queries arrive together (the idle encoder's estimate accepts them): the first runs, three wait. The first
        // two finish at 225 and 450 ms; the third starts at 450 ms and the 500 ms deadline passes during its call, the
        // fourth is still queued then. Neither is the model's fault: both are shed, not timeouts.
        model.Hold();
        var asks = new List<Task<RetrievalResult>> { hybrid.AskAsync(Question, 3, CancellationToken.None) };
        await model.EnteredAsync();
        for (var i = 0; i < 3; i++)
        {
            asks.Add(hybrid.AskAsync(Question, 3, CancellationToken.None));
        }

        model.Cost = Deadline * 0.45;
        model.Release();
        var results = await Task.WhenAll(asks).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(
            [(RetrievalMode.Hybrid, null), (RetrievalMode.Hybrid, null), (RetrievalMode.Keyword, SemanticTierBusyException.Reason), (RetrievalMode.Keyword, SemanticTierBusyException.Reason)],
            results.Select(r => (r.Retrieval, r.RetrievalReason)));
        Assert.Equal(2, shed.GetMeasurementSnapshot().EvaluateAsCounter());
        // Without the rule both would be timeouts: two consecutive failures of a healthy model. (Whether a wait counts as
        // slow is the breaker library's LocalWait, CircuitBreakerCallerReportTests: here the fake clock jumps ahead of
        // the callers' continuations, so the time a call ended is not exact.)
        var snapshot = breaker.GetSnapshot();
        Assert.Equal((CircuitState.Closed, 0), (snapshot.State, snapshot.FailCount));
    }

    [Fact]
    public async Task Model_Failing_OpensTheBreakerAfterThree()
    {
        var (hybrid, model, breaker) = Start();
        model.Fail = true;
        for (var i = 0; i < 3; i++)
        {
            var result = await hybrid.AskAsync(Question, 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(RetrievalMode.Keyword, result.Retrieval);
            Assert.Null(result.RetrievalReason);
        }

        Assert.Equal(CircuitState.Open, breaker.GetSnapshot().State);
    }

    [Fact]
    public async Task Model_Hung_IsNotShedAndOpensTheBreakerOnTimeouts()
    {
        var (hybrid, model, breaker) = Start();
        Assert.Equal(RetrievalMode.Hybrid, (await hybrid.AskAsync(Question, 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Retrieval);
        await model.EnteredAsync();
        model.Hold();
        for (var i = 0; i < 3; i++)
        {
            var ask = hybrid.AskAsync(Question, 3, CancellationToken.None);
            if (i == 0)
            {
                await model.EnteredAsync();
            }

            _time.Advance(Deadline);
            var result = await ask.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(RetrievalMode.Keyword, result.Retrieval);
            Assert.Null(result.RetrievalReason);
        }

        Assert.Equal(CircuitState.Open, breaker.GetSnapshot().State);
        model.Release();
    }

    [Fact]
    public async Task QueryCache_On_ARepeatedQuestionSkipsTheEncoder_CaseAndSpacingIgnored()
    {
        var (hybrid, model, _) = Start(new Dictionary<string, string?> { [$"{SemanticOptions.SectionName}:QueryCacheEntries"] = "8" });
        using var lookups = new MetricCollector<long>(_services!.GetRequiredService<IMeterFactory>(), SemanticMetrics.MeterName, SemanticMetrics.Instruments.QueryCache);
        var first = await hybrid.AskAsync(Question, 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var calls = model.Calls;

        // The model now fails: the same question, however spaced and cased, is still ranked by meaning from its cached vector.
        model.Fail = true;
        var again = await hybrid.AskAsync("  how many FAILURES   open the rag breaker? ", 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(RetrievalMode.Hybrid, first.Retrieval);
        Assert.Equal(RetrievalMode.Hybrid, again.Retrieval);
        Assert.Equal(first.Sources.Select(s => s.Passage), again.Sources.Select(s => s.Passage));
        Assert.Equal(calls, model.Calls);

        // Another question is not in the cache: it reaches the failing model and is answered keyword-only.
        Assert.Equal(RetrievalMode.Keyword, (await hybrid.AskAsync("What does a half-open probe do?", 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Retrieval);
        var results = lookups.GetMeasurementSnapshot().Select(m => (string)m.Tags["result"]!).ToList();
        Assert.Equal(["miss", "hit"], results);
    }

    [Fact]
    public async Task QueryCache_Off_ByDefault_EveryQueryReachesTheEncoder()
    {
        var (hybrid, model, _) = Start();
        await hybrid.AskAsync(Question, 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var calls = model.Calls;
        await hybrid.AskAsync(Question, 3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(calls + 1, model.Calls);
    }

    public void Dispose()
    {
        _services?.Dispose();
        _embedder?.Dispose();
    }

    private (HybridRetriever Hybrid, FakeModelSession Model, CircuitBreaker Breaker) Start(IDictionary<string, string?>? settings = null, int maxBatchSize = 16)
    {
        var vector = knowledge.Model(EmbeddingModels.MiniLm).Embedder.EncodeAsync([Question], asQueries: true, CancellationToken.None).GetAwaiter().GetResult()[0];
        var model = new FakeModelSession(_time, vector);
        _embedder = new SentenceEmbedder(Options.Create(new SemanticOptions { BatchWindow = TimeSpan.Zero, MaxBatchSize = maxBatchSize }), _time, () => model);
        _services = SemanticHost.Create(knowledge, _time, settings: settings, embedder: _embedder);
        return (_services.Ready(knowledge), model, _services.GetRequiredService<CircuitBreakerRegistry>().Get(SemanticOptions.BreakerName));
    }
}
