using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Sessions;

namespace Xnai.Tests.Functional;

/// <summary>
/// The knowledge base's breaker through chatapi's real pipeline: 3 consecutive failures open it for 30 s, calls while
/// open never reach rag, the first call at exactly 30 s is the half-open probe. Every step on the fake clock.
/// </summary>
[Trait("Category", "Unit")]
[Trait("Category", "Functional")]
public sealed class RagBreakerTests : IAsyncLifetime
{
    private const string Breaker = "rag_api";
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly string _session = SessionIds.New();
    private FunctionalHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionalHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The fallback answer, word for word, for a retry in <paramref name="seconds"/> (0: with the next message).</summary>
    internal static string Fallback(int seconds) =>
        "I'm temporarily unable to access my knowledge base, so I can't give you a sourced answer right now. "
        + "The service is automatically recovering: "
        + seconds switch
        {
            0 => "I'll try the knowledge base again with your next message.",
            1 => "I'll try the knowledge base again in about 1 second.",
            _ => $"I'll try the knowledge base again in about {seconds} seconds.",
        }
        + " Your conversation is kept meanwhile.";

    [Fact]
    public async Task ThirdConsecutiveFailure_Opens_NotTheSecond()
    {
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        for (var failure = 1; failure <= 2; failure++)
        {
            var answer = await _host.ChatAsync($"What opens the breaker? ({failure})", _session);
            AssertFallback(answer, retryAfter: null, Fallback(0));
            var breaker = await _host.CircuitAsync(Breaker);
            Assert.Equal(("closed", failure, 0), (breaker.State, breaker.FailCount, breaker.Trips));
        }

        var third = await _host.ChatAsync("What opens the breaker? (3)", _session);
        AssertFallback(third, retryAfter: 30, Fallback(30));
        var opened = await _host.CircuitAsync(Breaker);
        Assert.Equal(("open", 3, 1, 30.0), (opened.State, opened.FailCount, opened.Trips, opened.RetryAfterSeconds));
        Assert.Equal(3, _host.Rag.Calls);
    }

    [Fact]
    public async Task WhileOpen_CallsAreRejected_WithoutReachingRag()
    {
        await OpenAsync();
        _host.Rag.Behaviour = FakeBehaviour.Succeed;
        var before = await _host.CircuitAsync(Breaker);

        for (var i = 0; i < 3; i++)
        {
            AssertFallback(await _host.ChatAsync($"Are you back? ({i})", _session), retryAfter: 30, Fallback(30));
        }

        var after = await _host.CircuitAsync(Breaker);
        Assert.Equal(3, _host.Rag.Calls);
        Assert.Equal(before.TotalRejections + 3, after.TotalRejections);
        Assert.Equal((before.TotalFailures, "open"), (after.TotalFailures, after.State));
    }

    [Fact]
    public async Task RetryAfterSeconds_CountsDownWithTheClock()
    {
        await OpenAsync();

        _host.Advance(TimeSpan.FromSeconds(10));
        AssertFallback(await _host.ChatAsync("Still down?", _session), retryAfter: 20, Fallback(20));
        Assert.Equal(20.0, (await _host.CircuitAsync(Breaker)).RetryAfterSeconds);

        _host.Advance(TimeSpan.FromSeconds(19.5));
        AssertFallback(await _host.ChatAsync("And now?", _session), retryAfter: 1, Fallback(1));
    }

    [Fact]
    public async Task CallExactlyThirtySecondsLater_IsTheProbe_AndItsSuccessCloses()
    {
        await OpenAsync();
        _host.Rag.Behaviour = FakeBehaviour.Succeed;

        _host.Advance(Break - OneTick);
        AssertFallback(await _host.ChatAsync("One tick early", _session), retryAfter: 1, Fallback(1));
        Assert.Equal(3, _host.Rag.Calls);

        _host.Advance(OneTick);
        Assert.Equal("half_open", (await _host.CircuitAsync(Breaker)).State);
        var answer = await _host.ChatAsync("On time", _session);
        Assert.Equal((FunctionalHost.RagAnswerText, false, 1), (answer.Answer, answer.Degraded, answer.Sources.Count));
        Assert.Empty(answer.DegradedServices);
        Assert.Null(answer.RetryAfterSeconds);
        Assert.Equal(4, _host.Rag.Calls);
        var closed = await _host.CircuitAsync(Breaker);
        Assert.Equal(("closed", 0, 1), (closed.State, closed.FailCount, closed.Trips));
    }

    [Fact]
    public async Task FailedProbe_OpensAgain_ForAnotherThirtySeconds()
    {
        await OpenAsync();
        _host.Advance(Break);

        AssertFallback(await _host.ChatAsync("Probe", _session), retryAfter: 30, Fallback(30));
        var reopened = await _host.CircuitAsync(Breaker);
        Assert.Equal(("open", 2, 30.0), (reopened.State, reopened.Trips, reopened.RetryAfterSeconds));
        Assert.Equal(4, _host.Rag.Calls);

        _host.Advance(Break - OneTick);
        AssertFallback(await _host.ChatAsync("Too early", _session), retryAfter: 1, Fallback(1));
        Assert.Equal(4, _host.Rag.Calls);
    }

    [Fact]
    public async Task HungRag_FailsAtItsTwoSecondTimeout_NotBefore()
    {
        _host.Rag.Behaviour = FakeBehaviour.Hang;
        _host.Rag.ExpectCall();
        var pending = _host.ChatAsync("Are you hanging?", _session);
        await _host.Rag.Entered.WaitAsync(FunctionalHost.RealTimeBound);

        _host.Advance(TimeSpan.FromSeconds(2) - OneTick);
        Assert.Equal(0, (await _host.CircuitAsync(Breaker)).TotalFailures);
        Assert.False(pending.IsCompleted);

        _host.Advance(OneTick);
        AssertFallback(await pending.WaitAsync(FunctionalHost.RealTimeBound), retryAfter: null, Fallback(0));
        var breaker = await _host.CircuitAsync(Breaker);
        Assert.Equal(("closed", 1), (breaker.State, breaker.FailCount));
        Assert.StartsWith("TimeoutRejectedException", breaker.LastFailure?.Error, StringComparison.Ordinal);
    }

    private async Task OpenAsync()
    {
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        for (var i = 1; i <= 3; i++)
        {
            await _host.ChatAsync($"Failing question {i}", _session);
        }

        Assert.Equal("open", (await _host.CircuitAsync(Breaker)).State);
    }

    private static void AssertFallback(ChatResponse answer, int? retryAfter, string text)
    {
        Assert.Equal(text, answer.Answer);
        Assert.True(answer.Degraded);
        Assert.Equal(["rag_api"], answer.DegradedServices);
        Assert.Equal(retryAfter, answer.RetryAfterSeconds);
        Assert.Empty(answer.Sources);
    }
}
