using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xnai.RagStub.Hybrid;
using Xnai.RagStub.Search;
using Xnai.RagStub.Semantic;
using Xnai.Resilience;
using Xnai.Chaos;

namespace Xnai.Tests.Rag;

/// <summary>
/// The semantic tier behind its own breaker, with the service's real composition and defaults (500 ms deadline,
/// 3 failures, 30 s break, slow-call rule on): slowness or failure degrades retrieval to keyword-only within the
/// chat's 2 s timeout, and hybrid comes back once the break has passed. Time is a <see cref="FakeTimeProvider"/>.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SemanticTierBreakerTests(SemanticKnowledgeFixture knowledge) : IClassFixture<SemanticKnowledgeFixture>, IDisposable
{
    private const string Question = "How many failures open the RAG breaker?";
    private static readonly TimeSpan ChatTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = new SemanticOptions().QueryDeadline;
    private readonly FakeTimeProvider _time = new();
    private ServiceProvider? _services;

    [Fact]
    public async Task Breaker_InjectedSlowness_OpensKeywordOnlyWithinTheChatTimeoutThenClosesAfterTheBreak()
    {
        var (hybrid, faults, breaker) = Start();
        faults.Set(0, latencyMs: 5_000, outage: false, duration: null);

        // The deadline (500 ms) ends each query's wait well inside the chat's timeout, keyword-only.
        Assert.True(Deadline < ChatTimeout);
        for (var i = 0; i < 3; i++)
        {
            var result = await AskAsync(hybrid, Deadline);
            Assert.Equal(RetrievalMode.Keyword, result.Retrieval);
            Assert.True(result.SemanticFallback);
            Assert.True(result.Matched);
        }

        Assert.Equal(CircuitState.Open, breaker.GetSnapshot().State);
        var rejected = await AskAsync(hybrid, TimeSpan.Zero);
        Assert.Equal(RetrievalMode.Keyword, rejected.Retrieval);
        Assert.True(rejected.SemanticFallback);

        faults.Clear();
        _time.Advance(TimeSpan.FromSeconds(30));
        var recovered = await AskAsync(hybrid, TimeSpan.Zero);
        Assert.Equal(RetrievalMode.Hybrid, recovered.Retrieval);
        Assert.False(recovered.SemanticFallback);
        Assert.Equal(CircuitState.Closed, breaker.GetSnapshot().State);
    }

    [Fact]
    public async Task Breaker_InjectedFailures_OpensAfterThreeAndAnswersKeywordOnlyAtOnce()
    {
        var (hybrid, faults, breaker) = Start();
        faults.Set(0, 0, outage: true, duration: null);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(RetrievalMode.Keyword, (await AskAsync(hybrid, TimeSpan.Zero)).Retrieval);
        }

        Assert.Equal(CircuitState.Open, breaker.GetSnapshot().State);
        Assert.Equal(3, breaker.GetSnapshot().FailCount);
    }

    [Fact]
    public async Task Breaker_SlowButSuccessfulEncodings_OpenOnTheSlowCallRule()
    {
        var (hybrid, faults, breaker) = Start();

        // 300 ms: under the 500 ms deadline (so each query is still hybrid) but over the 250 ms slow-call threshold.
        faults.Set(0, latencyMs: 300, outage: false, duration: null);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RetrievalMode.Hybrid, (await AskAsync(hybrid, TimeSpan.FromMilliseconds(300))).Retrieval);
        }

        Assert.Equal(CircuitState.Open, breaker.GetSnapshot().State);
        Assert.Equal(RetrievalMode.Keyword, (await AskAsync(hybrid, TimeSpan.Zero)).Retrieval);
    }

    public void Dispose() => _services?.Dispose();

    private (HybridRetriever Hybrid, FaultControl Faults, CircuitBreaker Breaker) Start()
    {
        _services = SemanticHost.Create(knowledge, _time);
        var hybrid = _services.Ready(knowledge);
        return (hybrid,
            _services.GetRequiredKeyedService<FaultControl>(SemanticFaults.Target),
            _services.GetRequiredService<CircuitBreakerRegistry>().Get(SemanticOptions.BreakerName));
    }

    // Every timer of the path (deadline, injected latency) is armed before AskAsync first yields, so moving the clock
    // once by the time a caller would wait is exact; an encoding itself runs in real time and moves no fake time.
    private async Task<RetrievalResult> AskAsync(HybridRetriever hybrid, TimeSpan advance)
    {
        var ask = hybrid.AskAsync(Question, 3, CancellationToken.None);
        if (advance > TimeSpan.Zero)
        {
            _time.Advance(advance);
        }

        return await ask.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
